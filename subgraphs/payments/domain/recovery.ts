import type { Bus, ReplyOf } from '../../../platform/bus';
import { ErrorCode, AppError } from '../../../platform/errors';
import type { Logger } from '../../../platform/logger';
import { WalletCommands, type HoldView } from '../../wallets/contract';
import type { Payment } from '../store/payment.entity';
import type { PaymentStore } from '../store/payment-store';
import {
  DeclineReason,
  MAX_VERIFICATION_ATTEMPTS,
  PaymentKind,
  PaymentStatus,
  REWARD_KINDS,
} from './payment';
import type { Claim, PaymentClaims } from './saga/claims';
import type { PaymentProcessor } from './saga/processor';
import { holdDeclineReason } from './saga/steps/place-hold';

export interface RecoveryDeps {
  bus: Bus;
  store: PaymentStore;
  processor: PaymentProcessor;
  claims: PaymentClaims;
  logger: Logger;
  now: () => Date;
  /** An unclaimed PENDING payment older than this is taken to be abandoned (its request died). */
  pendingAfterMs: number;
  /** How many payments one pass looks at, of each kind of work. */
  batchSize?: number;
}

/** What one pass did. */
export interface RecoveryReport {
  examined: number;
  completed: number;
  declined: number;
  unresolved: number;
  /** Payments another runner was working on when this pass reached them. */
  skipped: number;
}

/**
 * Finishes payments that no runner works on any more, and ends payments that waited too long.
 *
 * A PENDING payment is taken only when its claim has expired (or it has none and is old): a
 * live run is never raced. Per payment, by what the ledger says:
 * - no hold (and nothing approved): its hold id is voided (a late hold is then refused) and it
 *   is DECLINED, PROCESSING_TIMEOUT;
 * - hold POSTED: the money moved, COMPLETED; hold VOIDED: DECLINED;
 * - hold PENDING and risk's APPROVE stored on the payment: finish forward (post), COMPLETED;
 * - otherwise: void the hold, DECLINED.
 * A transfer approved at once has no hold either: its one-step transfer POSTED completes it,
 * REJECTED declines it; none yet, it moves now when approved, else its id is voided and it is
 * DECLINED. A top-up has no hold: an approved one is finished forward (its charge and credit are
 * idempotent by the payment id), any other declined.
 *
 * A payment in REQUIRES_VERIFICATION or HELD_FOR_REVIEW past its expiry is DECLINED
 * (VERIFICATION_EXPIRED, REVIEW_EXPIRED) and its hold released.
 */
export async function runRecoveryPass(deps: RecoveryDeps): Promise<RecoveryReport> {
  const report: RecoveryReport = { examined: 0, completed: 0, declined: 0, unresolved: 0, skipped: 0 };
  const now = deps.now();
  const limit = deps.batchSize ?? 100;
  const abandoned = await deps.store.findAbandoned(now, new Date(now.getTime() - deps.pendingAfterMs), limit);
  for (const payment of abandoned) {
    await recoverWith(deps, report, payment, [PaymentStatus.PENDING], (claim) =>
      recoverOne(deps, payment, claim),
    );
  }
  for (const payment of await deps.store.findExpired(now, limit)) {
    const status = payment.status;
    const declineReason =
      status === PaymentStatus.REQUIRES_VERIFICATION
        ? DeclineReason.VERIFICATION_EXPIRED
        : DeclineReason.REVIEW_EXPIRED;
    await recoverWith(deps, report, payment, [status], (claim) =>
      deps.processor.abandon(payment, claim, status, { declineReason }),
    );
  }
  if (report.examined) deps.logger.info(report, 'payment recovery pass');
  return report;
}

/** Takes the payment's claim, runs `work` under it and counts what became of the payment. */
async function recoverWith(
  deps: RecoveryDeps,
  report: RecoveryReport,
  payment: Payment,
  statuses: PaymentStatus[],
  work: (claim: Claim) => Promise<Payment>,
): Promise<void> {
  report.examined++;
  const claim = await deps.claims.take(payment, statuses, deps.now());
  if (!claim) {
    report.skipped++;
    return;
  }
  try {
    const finished = await work(claim);
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

async function recoverOne(deps: RecoveryDeps, payment: Payment, claim: Claim): Promise<Payment> {
  const { processor } = deps;
  const approved = payment.riskDecision === 'APPROVE';
  // No hold: the credit (or charge) is one idempotent step under the payment's id.
  if (payment.kind === PaymentKind.TOP_UP || REWARD_KINDS.includes(payment.kind)) {
    if (approved) return processor.resume({ payment, claim, approvalRecorded: true });
    return processor.abandon(payment, claim, PaymentStatus.PENDING, {
      declineReason: abandonedReason(payment),
    });
  }
  const hold = await holdOf(deps, payment.id);
  if (!hold && payment.kind === PaymentKind.TRANSFER) return recoverTransfer(deps, payment, claim);
  switch (hold?.status) {
    case 'POSTED':
      return processor.finish(payment, claim, PaymentStatus.PENDING, {
        status: PaymentStatus.COMPLETED,
        completedAt: deps.now(),
      });
    case 'PENDING':
      if (approved) return processor.resume({ payment, claim, approvalRecorded: true, held: true });
      return processor.abandon(payment, claim, PaymentStatus.PENDING, {
        declineReason: abandonedReason(payment),
      });
    case 'VOIDED':
    case undefined:
      // No hold, or one already voided: voiding (again) leaves a tombstone for a late placeHold.
      return processor.abandon(payment, claim, PaymentStatus.PENDING, {
        declineReason: abandonedReason(payment),
      });
  }
}

/**
 * A transfer with no hold under its id was approved at once or never got that far: what the
 * ledger answered its one-step transfer decides. Posted: COMPLETED. Refused: DECLINED with the
 * ledger's reason. Never made: an approved one moves now (the command is idempotent by the
 * payment's id), any other has its id voided (a late transfer then moves nothing) and is DECLINED.
 */
async function recoverTransfer(deps: RecoveryDeps, payment: Payment, claim: Claim): Promise<Payment> {
  const { processor } = deps;
  const moved = await transferOf(deps, payment.id);
  if (moved?.outcome === 'POSTED') {
    return processor.finish(payment, claim, PaymentStatus.PENDING, {
      status: PaymentStatus.COMPLETED,
      completedAt: deps.now(),
    });
  }
  if (moved?.outcome === 'REJECTED') {
    return processor.finish(payment, claim, PaymentStatus.PENDING, {
      status: PaymentStatus.DECLINED,
      declineReason: holdDeclineReason(moved.reason),
    });
  }
  if (payment.riskDecision === 'APPROVE') {
    return processor.resume({ payment, claim, approvalRecorded: true, held: false });
  }
  return processor.abandon(payment, claim, PaymentStatus.PENDING, {
    declineReason: abandonedReason(payment),
  });
}

/** The reason a payment that was never approved ends with, from what is stored on it. */
function abandonedReason(payment: Payment): DeclineReason {
  if (payment.verificationAttempts >= MAX_VERIFICATION_ATTEMPTS) return DeclineReason.VERIFICATION_FAILED;
  if (payment.riskDecision === 'DECLINE') return DeclineReason.RISK_DECLINED;
  return DeclineReason.PROCESSING_TIMEOUT;
}

async function holdOf(deps: RecoveryDeps, holdId: string): Promise<HoldView | undefined> {
  return unlessNotFound(deps.bus.request(WalletCommands.getHold, { holdId }));
}

async function transferOf(
  deps: RecoveryDeps,
  transferId: string,
): Promise<ReplyOf<typeof WalletCommands.getTransfer> | undefined> {
  return unlessNotFound(deps.bus.request(WalletCommands.getTransfer, { transferId }));
}

/** What the ledger answered, or undefined when it has nothing under that id. */
async function unlessNotFound<T>(reply: Promise<T>): Promise<T | undefined> {
  try {
    return await reply;
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
