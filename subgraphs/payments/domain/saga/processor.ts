import { MalformedMessage } from '../../../../platform/bus';
import { AppError } from '../../../../platform/errors';
import { AccountCommands } from '../../../accounts/contract';
import type { Payment } from '../../store/payment.entity';
import type { PaymentChanges } from '../../store/payment-store';
import type { FundingInstrument } from '../funding-network';
import { DeclineReason, PaymentKind, PaymentStatus } from '../payment';
import { CLAIM_RELEASED, type Claim } from './claims';
import type { Outcome, PaymentRun, PaymentStep, StepDeps } from './payment-run';
import { paymentPlans, type PaymentPlan } from './plans';
import { compensateSaga, runSaga, type SagaOptions, type SagaResult } from './runner';
import { recheckAccount } from './steps/recheck-account';

/** A typed refusal or a malformed message was not applied; anything else (a timeout) may have been. */
function outcomeUnknown(error: unknown): boolean {
  return !(error instanceof AppError || error instanceof MalformedMessage);
}

/**
 * Runs payments through their kind's saga and records where each run leaves them, in one final
 * write (a conditional update, its event, and the claim given back). Every path that moves a
 * payment on goes through here: a new payment, one finished forward after verification, review
 * or recovery, and one abandoned (its hold released) after a failed verification, an expiry or
 * recovery. Each run holds the payment's claim and asserts it before every step.
 */
export class PaymentProcessor {
  private readonly plans: ReturnType<typeof paymentPlans>;
  private readonly recheck: PaymentStep;

  constructor(private readonly deps: StepDeps) {
    this.plans = paymentPlans(deps);
    this.recheck = recheckAccount(deps.bus);
  }

  /** Runs a freshly recorded PENDING payment to wherever it goes now. */
  async process(run: PaymentRun): Promise<Payment> {
    const plan = this.plan(run.payment);
    const result = await runSaga([...plan.decide, ...plan.commit], run, this.options(run));
    return this.settle(run, result, PaymentStatus.PENDING);
  }

  /**
   * Finishes an approved payment forward: only its commit steps run (after reading the payer's
   * standing again when it waited); the undos of its decide steps (the hold) still apply if one
   * of them declines for good.
   */
  async resume(run: PaymentRun, expected: PaymentStatus = PaymentStatus.PENDING): Promise<Payment> {
    const p = run.payment;
    if ((p.kind === PaymentKind.TOP_UP || p.kind === PaymentKind.WITHDRAWAL) && !run.instrument) {
      run.instrument = await this.instrumentOf(p);
    }
    const plan = this.plan(p);
    // A payment that waited kept its amount reserved all along (those that hold one do).
    if (run.resumedFromWait) run.held ??= true;
    const steps = run.resumedFromWait ? [this.recheck, ...plan.commit] : plan.commit;
    const result = await runSaga(steps, run, { ...this.options(run), done: plan.decide });
    return this.settle(run, result, expected);
  }

  /**
   * Gives up on a payment that was never approved: undoes its decide steps (the hold is voided,
   * placed or not) and records `changes` with DECLINED. When the undo will not hold, the payment
   * goes back to PENDING with the changes but its status, and its claim is given back, so the
   * recovery pass retries.
   */
  async abandon(
    payment: Payment,
    claim: Claim,
    expected: PaymentStatus,
    changes: PaymentChanges,
  ): Promise<Payment> {
    const run: PaymentRun = { payment, claim };
    const stuck = await compensateSaga(this.plan(payment).decide, run, this.options(run));
    if (stuck?.kind === 'preempted') return this.current(payment);
    if (stuck) {
      this.deps.logger.error(
        { err: stuck.error, paymentId: payment.id },
        'could not release the hold of an abandoned payment; recovery will retry',
      );
      await this.finish(payment, claim, expected, { ...changes, status: PaymentStatus.PENDING });
      return payment;
    }
    return this.finish(payment, claim, expected, { ...changes, status: PaymentStatus.DECLINED });
  }

  /**
   * Writes a payment's next state and gives its claim back, in one conditional update (on the
   * expected status and on the claim still being this runner's) with its event. A payment that
   * starts waiting gets its expiry. A lost race returns the winner's row.
   */
  async finish(
    payment: Payment,
    claim: Claim,
    expected: PaymentStatus,
    changes: PaymentChanges,
  ): Promise<Payment> {
    const now = this.deps.now();
    const applied = await this.deps.store.update(
      payment,
      [expected],
      { ...changes, ...CLAIM_RELEASED, ...this.expiry(changes.status, now) },
      now,
      { claimedBy: claim.runnerId },
    );
    return applied ? payment : this.current(payment);
  }

  private expiry(status: PaymentStatus | undefined, now: Date): PaymentChanges {
    const { verificationMs, reviewMs } = this.deps.waits;
    if (status === PaymentStatus.REQUIRES_VERIFICATION)
      return { expiresAt: new Date(now.getTime() + verificationMs) };
    if (status === PaymentStatus.HELD_FOR_REVIEW) return { expiresAt: new Date(now.getTime() + reviewMs) };
    return status === undefined ? {} : { expiresAt: null };
  }

  private async current(payment: Payment): Promise<Payment> {
    return (await this.deps.store.findById(payment.id)) ?? payment;
  }

  private plan(payment: Payment): PaymentPlan {
    const plan = this.plans[payment.kind];
    if (!plan) throw new Error(`No saga for payments of kind ${payment.kind}`);
    return plan;
  }

  private options(run: PaymentRun): SagaOptions<PaymentRun, Outcome> {
    const logger = this.deps.logger;
    return {
      isUnknown: outcomeUnknown,
      guard: () => run.claim.assert(),
      onStep: logger.isLevelEnabled('debug')
        ? (step, phase) => logger.debug({ paymentId: run.payment.id, step, phase }, 'payment step')
        : undefined,
    };
  }

  private async settle(
    run: PaymentRun,
    result: SagaResult<Outcome>,
    expected: PaymentStatus,
  ): Promise<Payment> {
    const { payment: p, claim } = run;
    const risk = run.risk
      ? { riskDecision: run.risk.decision, riskScore: run.risk.score, riskUnavailable: run.riskUnavailable }
      : {};
    const log = this.deps.logger.child({ paymentId: p.id, kind: p.kind });
    switch (result.kind) {
      case 'completed':
        return this.finish(p, claim, expected, {
          status: PaymentStatus.COMPLETED,
          completedAt: this.deps.now(),
          ...risk,
        });
      case 'halted':
        return this.finish(p, claim, expected, {
          status: result.outcome.status,
          declineReason: result.outcome.declineReason ?? null,
          ...risk,
        });
      case 'failed':
        log.error(
          { err: result.error, step: result.stepId, unknown: result.unknown },
          'payment step failed; declined after compensation',
        );
        return this.finish(p, claim, expected, {
          status: PaymentStatus.DECLINED,
          declineReason: result.unknown ? DeclineReason.PROCESSING_TIMEOUT : DeclineReason.PROCESSING_ERROR,
          ...risk,
        });
      case 'preempted':
        log.warn({ err: result.error, step: result.stepId }, 'payment taken over by another runner');
        return this.current(p);
      case 'stuck': {
        // Left PENDING for the recovery pass, with the decision stored so it knows which way to go.
        log.error({ err: result.error, step: result.stepId }, 'payment left for recovery');
        const decision = run.risk && !run.approvalRecorded ? risk : {};
        await this.deps.store
          .update(p, [expected], { ...decision, ...CLAIM_RELEASED }, this.deps.now(), {
            claimedBy: claim.runnerId,
          })
          .catch((err: unknown) =>
            log.error({ err }, 'could not store the state of a payment left for recovery'),
          );
        return p;
      }
    }
  }

  private async instrumentOf(payment: Payment): Promise<FundingInstrument> {
    const source = await this.deps.bus.request(AccountCommands.getFundingSource, {
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
}
