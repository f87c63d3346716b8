import { AppError } from '../../../platform/errors';
import type { Bus } from '../../../platform/bus';
import type { Logger } from '../../../platform/logger';
import { Money } from '../../../platform/money';
import type { Payment } from '../entities/payment.entity';
import {
  AssessRisk,
  GetFundingSource,
  GetWallet,
  LedgerTransfer,
  PlaceHold,
  PostHold,
  VoidHold,
  type AccountInfo,
  type LedgerParty,
  type RiskAssessReply,
} from '../events';
import {
  TransientFundingError,
  type FundingInstrument,
  type FundingNetwork,
  type FundingOutcome,
} from './funding-network';
import type { PaymentLimits } from './limits';
import { DeclineReason, PaymentKind, PaymentStatus } from './payment';
import type { PaymentChanges, PaymentStore } from './payment-store';
import { runSaga, type Halt, type SagaResult, type SagaStep } from './saga';

/** How a saga run leaves the payment. */
export interface Outcome {
  status: PaymentStatus;
  declineReason?: string;
}

/** Everything one run of a payment's saga knows. */
export interface PaymentRun {
  payment: Payment;
  /** The payer, as accounts described it (absent when resuming: the decision is already taken). */
  account?: AccountInfo;
  /** Whether the wallet money leaves (a top-up's: the wallet it reaches) can take part. */
  walletActive?: boolean;
  /** A transfer's destination wallet is closed. */
  destinationClosed?: boolean;
  /**
   * The destination's status was not asked for before the saga (its facts were known): a
   * refused posting then asks whether the destination was closed, to decline with that reason.
   */
  destinationUnchecked?: boolean;
  /** The account's total for the day in the payment's currency, this payment included. */
  dailyTotalMinor?: bigint;
  /** The card or bank account of a top-up or withdrawal. */
  instrument?: FundingInstrument;
  risk?: RiskAssessReply;
  /** The APPROVE decision is stored, so the recovery pass would finish the payment forward. */
  approvalRecorded?: boolean;
}

export interface PaymentProcessorDeps {
  bus: Bus;
  store: PaymentStore;
  fundingNetwork: FundingNetwork;
  limits: PaymentLimits;
  logger: Logger;
  now: () => Date;
  /** Attempts per funding-network call when it fails transiently. */
  fundingAttempts?: number;
}

/**
 * Runs the payment saga: check account -> hold -> limits -> risk, then (past the point of no
 * return) the irreversible steps of each kind. Records the whole outcome in one final write.
 */
export class PaymentProcessor {
  constructor(private readonly deps: PaymentProcessorDeps) {}

  /** Runs a freshly recorded PENDING payment to wherever it goes now. */
  async process(run: PaymentRun): Promise<Payment> {
    const steps = [...this.decisionSteps(run), ...this.commitSteps(run)];
    const result = await runSaga(steps);
    return this.settle(run, result, PaymentStatus.PENDING);
  }

  /**
   * Finishes an approved payment forward (after verification or in the recovery pass): only
   * the irreversible steps run; the hold's undo still applies if one of them declines for good.
   */
  async resume(run: PaymentRun, expected: PaymentStatus = PaymentStatus.PENDING): Promise<Payment> {
    const p = run.payment;
    if ((p.kind === PaymentKind.TOP_UP || p.kind === PaymentKind.WITHDRAWAL) && !run.instrument) {
      run.instrument = await this.instrumentOf(p);
    }
    const done = this.holds(p) ? [this.placeHoldStep(run)] : [];
    const result = await runSaga(this.commitSteps(run), { done: done as SagaStep<unknown>[] });
    return this.settle(run, result, expected);
  }

  /** Voids the payment's hold, if it has one, retrying until the retries run out; then throws. */
  async voidHold(payment: Payment): Promise<void> {
    if (!this.holds(payment)) return;
    const release: SagaStep<Outcome> = { id: 'release', action: async () => declined('', true) };
    const result = await runSaga([release], { done: [this.placeHoldStep({ payment }) as SagaStep<unknown>] });
    if (result.kind === 'stuck') throw result.error;
  }

  /** Writes the final status of a run (one UPDATE and its event); a lost race returns the winner's row. */
  async finish(payment: Payment, expected: PaymentStatus, changes: PaymentChanges): Promise<Payment> {
    const applied = await this.deps.store.update(payment, [expected], changes, this.deps.now());
    if (applied) return payment;
    return (await this.deps.store.findById(payment.id)) ?? payment;
  }

  private async settle(
    run: PaymentRun,
    result: SagaResult<Outcome>,
    expected: PaymentStatus,
  ): Promise<Payment> {
    const p = run.payment;
    const risk = run.risk ? { riskDecision: run.risk.decision, riskScore: run.risk.score } : {};
    const log = this.deps.logger.child({ paymentId: p.id, kind: p.kind });
    switch (result.kind) {
      case 'completed':
        return this.finish(p, expected, {
          status: PaymentStatus.COMPLETED,
          completedAt: this.deps.now(),
          ...risk,
        });
      case 'halted':
        return this.finish(p, expected, {
          status: result.outcome.status,
          declineReason: result.outcome.declineReason ?? null,
          ...risk,
        });
      case 'failed':
        log.error(
          { err: result.error, step: result.stepId },
          'payment step failed; declined after compensation',
        );
        return this.finish(p, expected, {
          status: PaymentStatus.DECLINED,
          declineReason: DeclineReason.PROCESSING_ERROR,
          ...risk,
        });
      case 'stuck': {
        // Left PENDING for the recovery pass, with the decision stored so it knows which way to go.
        log.error({ err: result.error, step: result.stepId }, 'payment left for recovery');
        if (run.risk && !run.approvalRecorded) {
          await this.deps.store.update(p, [expected], risk, this.deps.now()).catch((err: unknown) => {
            log.error({ err }, 'could not store the decision of a payment left for recovery');
          });
        }
        return p;
      }
    }
  }

  private holds(payment: Payment): boolean {
    return payment.kind !== PaymentKind.TOP_UP;
  }

  /** Check account -> hold -> limits -> risk: until here, everything can be undone. */
  private decisionSteps(run: PaymentRun): SagaStep<Outcome>[] {
    const steps: SagaStep<Outcome>[] = [
      {
        id: 'check-account',
        action: async () => {
          if (run.account?.status !== 'ACTIVE' || run.walletActive === false) {
            return declined(DeclineReason.ACCOUNT_FROZEN, false);
          }
          if (run.destinationClosed) return declined('DESTINATION_WALLET_CLOSED', false);
        },
      },
    ];
    if (this.holds(run.payment)) steps.push(this.placeHoldStep(run));
    steps.push(
      {
        id: 'check-limits',
        action: async () => {
          const p = run.payment;
          const amount = Money.ofMinor(p.amountMinor, p.currency);
          const daily = Money.ofMinor(run.dailyTotalMinor ?? p.amountMinor, p.currency);
          if (!this.deps.limits.allows(amount, daily)) return declined(DeclineReason.LIMIT_EXCEEDED, true);
        },
      },
      {
        id: 'assess-risk',
        action: async () => {
          const p = run.payment;
          run.risk = await this.deps.bus.request(AssessRisk, {
            paymentId: p.id,
            accountId: p.accountId,
            kind: p.kind,
            amountMinor: p.amountMinor.toString(),
            currency: p.currency,
            sourceWalletId: p.sourceWalletId ?? null,
            destinationWalletId: p.destinationWalletId ?? null,
            destinationAccountId: p.destinationAccountId ?? null,
            category: p.category ?? null,
          });
          switch (run.risk.decision) {
            case 'APPROVE':
              return;
            case 'DECLINE':
              return declined(DeclineReason.RISK_DECLINED, true);
            case 'CHALLENGE':
              // A step-up needs a second factor; without one, a person has to look instead.
              if (run.account?.mfaEnabled)
                return { outcome: { status: PaymentStatus.REQUIRES_VERIFICATION }, compensate: false };
              return { outcome: { status: PaymentStatus.HELD_FOR_REVIEW }, compensate: false };
            case 'REVIEW':
              return { outcome: { status: PaymentStatus.HELD_FOR_REVIEW }, compensate: false };
            default:
              throw new Error(`Unknown risk decision ${String(run.risk.decision)}`);
          }
        },
      },
    );
    return steps;
  }

  /** The irreversible steps of each kind; they run only once the payment is approved. */
  private commitSteps(run: PaymentRun): SagaStep<Outcome>[] {
    const p = run.payment;
    switch (p.kind) {
      case PaymentKind.TRANSFER:
        return [this.postHoldStep(run, { walletId: p.destinationWalletId! })];
      case PaymentKind.MERCHANT:
        return [this.postHoldStep(run, { system: 'SETTLEMENT' })];
      case PaymentKind.WITHDRAWAL:
        return [
          this.recordApprovalStep(run),
          {
            id: 'payout',
            forwardOnly: true,
            action: async () => {
              const outcome = await this.withRetries(() =>
                this.deps.fundingNetwork.payout({
                  reference: p.id,
                  instrument: run.instrument!,
                  amount: amountOf(p),
                }),
              );
              if (!outcome.approved) return declined(outcome.code, true);
            },
          },
          this.postHoldStep(run, { system: 'SETTLEMENT' }),
        ];
      case PaymentKind.TOP_UP:
        return [
          this.recordApprovalStep(run),
          {
            id: 'charge',
            forwardOnly: true,
            action: async () => {
              const outcome = await this.withRetries(() =>
                this.deps.fundingNetwork.charge({
                  reference: p.id,
                  instrument: run.instrument!,
                  amount: amountOf(p),
                }),
              );
              if (!outcome.approved) return declined(outcome.code, false);
            },
            undo: async () => {
              const outcome = await this.withRetries(() =>
                this.deps.fundingNetwork.refund({
                  reference: `${p.id}:refund`,
                  chargeReference: p.id,
                  instrument: run.instrument!,
                  amount: amountOf(p),
                }),
              );
              if (!outcome.approved) throw new Error(`Refund of ${p.id} declined: ${outcome.code}`);
            },
          },
          {
            id: 'credit-wallet',
            forwardOnly: true,
            action: async () => {
              const reply = await this.deps.bus.request(LedgerTransfer, {
                transferId: p.id,
                debit: { system: 'FUNDING' },
                credit: { walletId: p.destinationWalletId! },
                amountMinor: p.amountMinor.toString(),
                currency: p.currency,
                paymentId: p.id,
              });
              if (reply.outcome === 'REJECTED') return declined(holdDeclineReason(reply.reason), true);
            },
          },
        ];
      default:
        throw new Error(`No saga for payments of kind ${p.kind}`);
    }
  }

  private placeHoldStep(run: PaymentRun): SagaStep<Outcome> {
    const p = run.payment;
    return {
      id: 'place-hold',
      action: async () => {
        const reply = await this.deps.bus.request(PlaceHold, {
          holdId: p.id,
          walletId: p.sourceWalletId!,
          amountMinor: p.amountMinor.toString(),
          currency: p.currency,
          paymentId: p.id,
        });
        if (reply.outcome === 'REJECTED') return declined(holdDeclineReason(reply.reason), false);
      },
      undo: async () => {
        await this.deps.bus.request(VoidHold, { holdId: p.id });
      },
    };
  }

  private postHoldStep(run: PaymentRun, credit: LedgerParty): SagaStep<Outcome> {
    const p = run.payment;
    return {
      id: 'post-hold',
      forwardOnly: true,
      action: async () => {
        try {
          await this.deps.bus.request(PostHold, {
            holdId: p.id,
            credit,
            ...(p.creditedAmountMinor != null && p.creditedCurrency
              ? {
                  creditedAmountMinor: p.creditedAmountMinor.toString(),
                  creditedCurrency: p.creditedCurrency,
                }
              : {}),
          });
        } catch (error) {
          // A typed refusal is definite (the hold was voided, the wallet closed): undo and decline.
          // Anything else (a timeout) may or may not have posted: leave it to the recovery pass.
          if (error instanceof AppError) {
            this.deps.logger.warn({ err: error, paymentId: p.id }, 'posting the hold was refused');
            if (run.destinationUnchecked && 'walletId' in credit && (await this.isClosed(credit.walletId))) {
              return declined('DESTINATION_WALLET_CLOSED', true);
            }
            return declined(DeclineReason.PROCESSING_ERROR, true);
          }
          throw error;
        }
      },
    };
  }

  /** Stores the APPROVE decision before money leaves for good, so a crash is finished forward. */
  private recordApprovalStep(run: PaymentRun): SagaStep<Outcome> {
    return {
      id: 'record-approval',
      forwardOnly: true,
      action: async () => {
        if (run.approvalRecorded) return;
        const applied = await this.deps.store.update(
          run.payment,
          [PaymentStatus.PENDING],
          { riskDecision: 'APPROVE', riskScore: run.risk?.score ?? null },
          this.deps.now(),
        );
        if (!applied) throw new Error(`Payment ${run.payment.id} moved on while it was being approved`);
        run.approvalRecorded = true;
      },
    };
  }

  /** Whether wallets reports the wallet CLOSED now; an unanswered question reads as not closed. */
  private async isClosed(walletId: string): Promise<boolean> {
    try {
      return (await this.deps.bus.request(GetWallet, { walletId })).status === 'CLOSED';
    } catch {
      return false;
    }
  }

  private async instrumentOf(payment: Payment): Promise<FundingInstrument> {
    const source = await this.deps.bus.request(GetFundingSource, {
      fundingSourceId: payment.fundingSourceId!,
      accountId: payment.accountId,
    });
    return {
      fundingSourceId: source.fundingSourceId,
      kind: source.kind,
      token: source.token,
      last4: source.last4,
    };
  }

  private async withRetries(call: () => Promise<FundingOutcome>): Promise<FundingOutcome> {
    const attempts = this.deps.fundingAttempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        if (!(error instanceof TransientFundingError) || attempt >= attempts) throw error;
      }
    }
  }
}

function declined(reason: string, compensate: boolean): Halt<Outcome> {
  return { outcome: { status: PaymentStatus.DECLINED, declineReason: reason }, compensate };
}

function amountOf(payment: Payment): Money {
  return Money.ofMinor(payment.amountMinor, payment.currency);
}

/** A frozen or closed wallet reads as a frozen account to the payer, as the contract says. */
function holdDeclineReason(reason: string): string {
  return reason === 'WALLET_FROZEN' || reason === 'WALLET_CLOSED' ? DeclineReason.ACCOUNT_FROZEN : reason;
}
