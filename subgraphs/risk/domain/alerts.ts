import type { Bus } from '../../../platform/bus';
import { requireAnalyst, type Viewer } from '../../../platform/auth';
import type { Clock } from '../../../platform/clock';
import { BadInput, Conflict, NotFound } from '../../../platform/errors';
import { isId } from '../../../platform/ids';
import { AccountCommands } from '../../accounts/contract';
import { PaymentCommands } from '../../payments/contract';
import { RiskEvents, type AlertResolution, type AlertStatus } from '../contract';
import { alertPage, alertsById, resolveAlert, type StoredAlert } from '../store/alert-store';
import { snooze } from '../store/list-store';
import type { RiskStore } from '../store/risk-store';
import type { ListsMemory } from './lists-memory';
import { alertEventData } from './raise';
import { RULE_CODES, type RuleSet } from './rule-set';

/** An analyst's resolution of an alert, as the API passes it. */
export interface Resolution {
  alertId: string;
  resolution: AlertResolution;
  note: string;
  /** FALSE_POSITIVE only: silence the rules that fired for this account and payee for a while. */
  snooze?: boolean | null;
}

const MAX_NOTE = 2000;

/**
 * Analyst work on fraud alerts. Every operation is for ANALYSTs only. A FALSE_POSITIVE releases
 * the held payment (it completes) and may snooze the rules that fired for that account and
 * payee; a CONFIRMED_FRAUD declines the payment (its hold is voided) and freezes the account.
 * The note is kept with who resolved it and when, and the resolution is an event.
 */
export class AlertService {
  constructor(
    private readonly deps: { store: RiskStore; lists: ListsMemory; bus: Bus; clock: Clock; rules: RuleSet },
  ) {}

  /** A page of alerts, newest first. */
  page(
    viewer: Viewer,
    options: { status: AlertStatus | null; limit: number; before?: { createdAt: Date; id: string } },
  ) {
    requireAnalyst(viewer);
    return this.deps.store.read((sql) => alertPage(sql, this.deps.store.dialect, options));
  }

  async resolve(viewer: Viewer, input: Resolution): Promise<StoredAlert> {
    const analystId = requireAnalyst(viewer);
    const { store, bus, clock, rules, lists } = this.deps;
    const note = input.note.trim();
    if (!note || note.length > MAX_NOTE) {
      throw new BadInput(`A note of 1-${MAX_NOTE} characters says why`, 'input.note');
    }
    if (input.snooze && input.resolution !== 'FALSE_POSITIVE') {
      throw new BadInput('Only a false positive can snooze its rules', 'input.snooze');
    }
    const [alert] = isId(input.alertId) ? await store.read((sql) => alertsById(sql, [input.alertId])) : [];
    if (!alert) throw new NotFound('FraudAlert', input.alertId);
    if (alert.status !== 'OPEN') throw alreadyResolved(alert);
    if (alert.paymentId) {
      await bus.request(PaymentCommands.resolveReview, {
        paymentId: alert.paymentId,
        resolution: input.resolution === 'FALSE_POSITIVE' ? 'RELEASE' : 'DECLINE',
      });
    }
    if (input.resolution === 'CONFIRMED_FRAUD') {
      await bus.request(AccountCommands.freezeAccount, {
        accountId: alert.accountId,
        reason: `Confirmed fraud (alert ${alert.id}): ${note}`.slice(0, 500),
      });
    }
    const at = clock();
    const resolved: StoredAlert = {
      ...alert,
      status: input.resolution,
      resolvedAt: at,
      resolvedBy: analystId,
      resolutionNote: note,
    };
    const snoozing =
      input.snooze && alert.payee
        ? {
            payee: alert.payee,
            codes: alert.reasons
              .map((r) => r.code)
              .filter((code) => (RULE_CODES as readonly string[]).includes(code)),
            until: new Date(at.getTime() + rules.snoozeMs),
          }
        : null;
    const applied = await store.write(async (sql, events) => {
      const done = await resolveAlert(sql, store.dialect, alert.id, {
        status: input.resolution,
        at,
        by: analystId,
        note,
      });
      if (!done) return false;
      await events(
        RiskEvents.alertResolved,
        {
          ...alertEventData(resolved),
          resolution: input.resolution,
          resolvedAt: at.toISOString(),
          resolvedBy: analystId,
          note,
        },
        at,
      );
      if (snoozing)
        await snooze(sql, store.dialect, alert.accountId, snoozing.payee, snoozing.codes, snoozing.until);
      return true;
    });
    if (applied && snoozing)
      lists.snoozedUntil(alert.accountId, snoozing.payee, snoozing.codes, snoozing.until);
    if (!applied) {
      const [current] = await store.read((sql) => alertsById(sql, [alert.id]));
      throw alreadyResolved(current ?? alert);
    }
    return resolved;
  }
}

function alreadyResolved(alert: StoredAlert): Conflict {
  return new Conflict(`The alert is already resolved as ${alert.status}`, 'input.alertId');
}
