import { z } from 'zod';
import { consumeOnce, type Bus, type EventEnvelope } from '../../platform/bus';
import { BadInput, NotFound } from '../../platform/errors';
import { isId } from '../../platform/ids';
import { Money } from '../../platform/money';
import type { Database } from '../../platform/database';
import type { Logger } from '../../platform/logger';
import { applyAccountStatus } from './domain/account-status';
import type { Ledger } from './domain/ledger';
import type { LedgerSide } from './domain/ledger.types';
import {
  ACCOUNT_STATUS_CONSUMER,
  EventType,
  getHold,
  getWallet,
  placeHold,
  postHold,
  transfer,
  voidHold,
} from './events';

const callerId = z.string().min(1).max(100);
const minor = z.string().regex(/^\d{1,18}$/, 'must be a string of integer minor units');
const walletId = z.string();
const side = z.union([
  z.object({ walletId }).strict(),
  z.object({ system: z.enum(['FUNDING', 'SETTLEMENT', 'REWARDS']) }).strict(),
]);

const schemas = {
  getWallet: z.object({ walletId }),
  placeHold: z.object({
    holdId: callerId,
    walletId,
    amountMinor: minor,
    currency: z.string(),
    paymentId: callerId.nullish(),
  }),
  postHold: z.object({
    holdId: callerId,
    credit: side,
    creditedAmountMinor: minor.nullish(),
    creditedCurrency: z.string().nullish(),
  }),
  holdId: z.object({ holdId: callerId }),
  transfer: z.object({
    transferId: callerId,
    debit: side,
    credit: side,
    amountMinor: minor,
    currency: z.string(),
    paymentId: callerId.nullish(),
    creditedAmountMinor: minor.nullish(),
    creditedCurrency: z.string().nullish(),
  }),
  accountEvent: z.object({ accountId: z.string().min(1) }),
};

/** Validates a payload once, at the edge: a malformed command is BAD_USER_INPUT naming the field. */
function parse<T>(schema: z.ZodType<T>, payload: unknown): T {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new BadInput(
    `${issue.path.join('.') || 'payload'}: ${issue.message}`,
    issue.path.join('.') || undefined,
  );
}

/** A wallet id that cannot exist reads as NOT_FOUND, like one that does not. */
function wallet(id: string): string {
  if (!isId(id)) throw new NotFound('Wallet', id);
  return id;
}

function ledgerSide(parsed: z.infer<typeof side>): LedgerSide {
  return 'walletId' in parsed ? { walletId: wallet(parsed.walletId) } : parsed;
}

function credited(amountMinor?: string | null, currency?: string | null): Money | undefined {
  if (amountMinor == null && currency == null) return undefined;
  if (amountMinor == null || currency == null) {
    throw new BadInput('creditedAmountMinor and creditedCurrency go together', 'creditedAmountMinor');
  }
  return Money.ofMinor(BigInt(amountMinor), currency);
}

/** Answers the ledger's bus commands: each parses its payload and hands it to the ledger. */
export function registerCommandHandlers(bus: Bus, ledger: Ledger): () => void {
  const unregister = [
    bus.handle(getWallet, async (payload) =>
      ledger.getWallet(wallet(parse(schemas.getWallet, payload).walletId)),
    ),
    bus.handle(placeHold, async (payload) => {
      const p = parse(schemas.placeHold, payload);
      return ledger.placeHold({
        holdId: p.holdId,
        walletId: wallet(p.walletId),
        amount: Money.ofMinor(BigInt(p.amountMinor), p.currency),
        paymentId: p.paymentId ?? null,
      });
    }),
    bus.handle(postHold, async (payload) => {
      const p = parse(schemas.postHold, payload);
      return ledger.postHold({
        holdId: p.holdId,
        credit: ledgerSide(p.credit),
        credited: credited(p.creditedAmountMinor, p.creditedCurrency),
      });
    }),
    bus.handle(voidHold, async (payload) => ledger.voidHold(parse(schemas.holdId, payload).holdId)),
    bus.handle(getHold, async (payload) => ledger.getHold(parse(schemas.holdId, payload).holdId)),
    bus.handle(transfer, async (payload) => {
      const p = parse(schemas.transfer, payload);
      return ledger.transfer({
        transferId: p.transferId,
        debit: ledgerSide(p.debit),
        credit: ledgerSide(p.credit),
        amount: Money.ofMinor(BigInt(p.amountMinor), p.currency),
        paymentId: p.paymentId ?? null,
        credited: credited(p.creditedAmountMinor, p.creditedCurrency),
      });
    }),
  ];
  return () => unregister.forEach((stop) => stop());
}

/** Follows accounts' freezes and unfreezes onto the account's wallets, once per event. */
export function registerConsumers(bus: Bus, db: Database, logger: Logger): () => void {
  const follow = (status: 'FROZEN' | 'ACTIVE') => async (event: EventEnvelope) => {
    const { accountId } = parse(schemas.accountEvent, event.data);
    await consumeOnce(db.fork(), ACCOUNT_STATUS_CONSUMER, event, (em) =>
      applyAccountStatus(em, accountId, status, new Date(event.occurredAt)).then(() => undefined),
    );
    logger.info({ accountId, status, eventId: event.id }, 'account status applied to wallets');
  };
  const unsubscribe = [
    bus.subscribe(EventType.AccountFrozen, ACCOUNT_STATUS_CONSUMER, follow('FROZEN')),
    bus.subscribe(EventType.AccountUnfrozen, ACCOUNT_STATUS_CONSUMER, follow('ACTIVE')),
  ];
  return () => unsubscribe.forEach((stop) => stop());
}
