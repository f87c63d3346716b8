import type { Bus } from '../../../platform/bus';
import { ErrorCode, AppError } from '../../../platform/errors';
import type { Logger } from '../../../platform/logger';
import { WalletCommands, type HoldView } from '../../wallets/contract';
import type { Payment } from '../store/payment.entity';
import type { PaymentStore } from '../store/payment-store';
import { DeclineReason, MAX_VERIFICATION_ATTEMPTS, PaymentKind, PaymentStatus } from './payment';
import type { PaymentProcessor } from './saga/processor';

export interface RecoveryDeps {
  bus: Bus;
  store: PaymentStore;
  processor: PaymentProcessor;
  logger: Logger;
  now: () => Date;
  /** A PENDING payment older than this is taken to be abandoned (its request died with a process). */
  pendingAfterMs: number;
  /** How many payments one pass looks at. */
  batchSize?: number;
}

/** What one pass did. */
export interface RecoveryReport {
  examined: number;
  completed: number;
  declined: number;
  unresolved: number;
}

/**
 * Finishes payments whose request never finished (a crash, a timeout past the point of no
 * return, a compensation that would not hold). Per payment, by what the ledger says:
 * - no hold (and nothing approved): DECLINED, PROCESSING_TIMEOUT;
 * - hold POSTED: the money moved, COMPLETED; hold VOIDED: DECLINED;
 * - hold PENDING and risk's APPROVE stored on the payment: finish forward (post), COMPLETED;
 * - otherwise: void the hold, DECLINED.
 * A top-up has no hold: an approved one is finished forward (its charge and credit are
 * idempotent by the payment id), any other declined.
 */
export async function runRecoveryPass(deps: RecoveryDeps): Promise<RecoveryReport> {
  const report: RecoveryReport = { examined: 0, completed: 0, declined: 0, unresolved: 0 };
  const before = new Date(deps.now().getTime() - deps.pendingAfterMs);
  const stale = await deps.store.findStale(PaymentStatus.PENDING, before, deps.batchSize ?? 100);
  for (const payment of stale) {
    report.examined++;
    try {
      const finished = await recoverOne(deps, payment);
      if (finished.status === PaymentStatus.COMPLETED) report.completed++;
      else if (finished.status === PaymentStatus.DECLINED) report.declined++;
      else report.unresolved++;
    } catch (error) {
      report.unresolved++;
      deps.logger.error(
        { err: error, paymentId: payment.id },
        'recovery could not finish a payment; will retry',
      );
    }
  }
  if (report.examined) deps.logger.info(report, 'payment recovery pass');
  return report;
}

async function recoverOne(deps: RecoveryDeps, payment: Payment): Promise<Payment> {
  const { processor } = deps;
  const approved = payment.riskDecision === 'APPROVE';
  if (payment.kind === PaymentKind.TOP_UP) {
    if (approved) return processor.resume({ payment, approvalRecorded: true });
    return decline(deps, payment, abandonedReason(payment));
  }
  const hold = await holdOf(deps, payment.id);
  if (!hold) return decline(deps, payment, DeclineReason.PROCESSING_TIMEOUT);
  switch (hold.status) {
    case 'POSTED':
      return processor.finish(payment, PaymentStatus.PENDING, {
        status: PaymentStatus.COMPLETED,
        completedAt: deps.now(),
      });
    case 'VOIDED':
      return decline(deps, payment, abandonedReason(payment));
    case 'PENDING':
      if (approved) return processor.resume({ payment, approvalRecorded: true });
      return processor.abandon(payment, PaymentStatus.PENDING, { declineReason: abandonedReason(payment) });
  }
}

function decline(deps: RecoveryDeps, payment: Payment, reason: DeclineReason): Promise<Payment> {
  return deps.processor.finish(payment, PaymentStatus.PENDING, {
    status: PaymentStatus.DECLINED,
    declineReason: reason,
  });
}

/** The reason a payment that was never approved ends with, from what is stored on it. */
function abandonedReason(payment: Payment): DeclineReason {
  if (payment.verificationAttempts >= MAX_VERIFICATION_ATTEMPTS) return DeclineReason.VERIFICATION_FAILED;
  if (payment.riskDecision === 'DECLINE') return DeclineReason.RISK_DECLINED;
  return DeclineReason.PROCESSING_TIMEOUT;
}

async function holdOf(deps: RecoveryDeps, holdId: string): Promise<HoldView | undefined> {
  try {
    return await deps.bus.request(WalletCommands.getHold, { holdId });
  } catch (error) {
    if (error instanceof AppError && error.code === ErrorCode.NotFound) return undefined;
    throw error;
  }
}

/** Runs the recovery pass at start and then every `intervalMs`; passes never overlap. */
export class PaymentRecovery {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly deps: RecoveryDeps,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = runRecoveryPass(this.deps)
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'payment recovery pass failed'))
      .finally(() => {
        this.running = undefined;
      });
  }
}
