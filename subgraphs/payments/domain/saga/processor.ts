import { MalformedMessage } from '../../../../platform/bus';
import { AppError } from '../../../../platform/errors';
import { AccountCommands } from '../../../accounts/contract';
import type { Payment } from '../../store/payment.entity';
import type { PaymentChanges } from '../../store/payment-store';
import type { FundingInstrument } from '../funding-network';
import { DeclineReason, PaymentKind, PaymentStatus } from '../payment';
import type { PaymentRun, StepDeps } from './payment-run';
import { paymentPlans, type PaymentPlan } from './plans';
import { compensateSaga, runSaga, type SagaOptions, type SagaResult } from './runner';
import type { Outcome } from './payment-run';

/** A typed refusal or a malformed message was not applied; anything else (a timeout) may have been. */
function outcomeUnknown(error: unknown): boolean {
  return !(error instanceof AppError || error instanceof MalformedMessage);
}

/**
 * Runs payments through their kind's saga and records where each run leaves them, in one final
 * write (a conditional update and its event). Every path that moves a payment on goes through
 * here: a new payment, one finished forward after verification, review or recovery, and one
 * abandoned (its hold released) after failed verification, an expiry or recovery.
 */
export class PaymentProcessor {
  private readonly plans: ReturnType<typeof paymentPlans>;

  constructor(private readonly deps: StepDeps) {
    this.plans = paymentPlans(deps);
  }

  /** Runs a freshly recorded PENDING payment to wherever it goes now. */
  async process(run: PaymentRun): Promise<Payment> {
    const plan = this.plan(run.payment);
    const result = await runSaga([...plan.decide, ...plan.commit], run, this.options(run.payment));
    return this.settle(run, result, PaymentStatus.PENDING);
  }

  /**
   * Finishes an approved payment forward: only its commit steps run; the undos of its decide
   * steps (the hold) still apply if one of them declines for good.
   */
  async resume(run: PaymentRun, expected: PaymentStatus = PaymentStatus.PENDING): Promise<Payment> {
    const p = run.payment;
    if ((p.kind === PaymentKind.TOP_UP || p.kind === PaymentKind.WITHDRAWAL) && !run.instrument) {
      run.instrument = await this.instrumentOf(p);
    }
    const plan = this.plan(p);
    const result = await runSaga(plan.commit, run, { ...this.options(p), done: plan.decide });
    return this.settle(run, result, expected);
  }

  /**
   * Gives up on a payment that was never approved: undoes its decide steps (the hold is voided,
   * placed or not) and records `changes` with DECLINED. When the undo will not hold, a waiting
   * payment goes back to PENDING with the changes but its status, so the recovery pass retries.
   */
  async abandon(payment: Payment, expected: PaymentStatus, changes: PaymentChanges): Promise<Payment> {
    const plan = this.plan(payment);
    const stuck = await compensateSaga(plan.decide, { payment }, this.options(payment));
    if (stuck) {
      this.deps.logger.error(
        { err: (stuck as { error?: unknown }).error, paymentId: payment.id },
        'could not release the hold of an abandoned payment; recovery will retry',
      );
      if (expected !== PaymentStatus.PENDING) {
        await this.deps.store.update(
          payment,
          [expected],
          { ...changes, status: PaymentStatus.PENDING },
          this.deps.now(),
        );
      }
      return payment;
    }
    return this.finish(payment, expected, { ...changes, status: PaymentStatus.DECLINED });
  }

  /** Writes a payment's next state (one UPDATE and its event); a lost race returns the winner's row. */
  async finish(payment: Payment, expected: PaymentStatus, changes: PaymentChanges): Promise<Payment> {
    const applied = await this.deps.store.update(payment, [expected], changes, this.deps.now());
    if (applied) return payment;
    return (await this.deps.store.findById(payment.id)) ?? payment;
  }

  private plan(payment: Payment): PaymentPlan {
    const plan = this.plans[payment.kind];
    if (!plan) throw new Error(`No saga for payments of kind ${payment.kind}`);
    return plan;
  }

  private options(payment: Payment): SagaOptions<PaymentRun, Outcome> {
    const logger = this.deps.logger;
    return {
      isUnknown: outcomeUnknown,
      onStep: logger.isLevelEnabled('debug')
        ? (step, phase) => logger.debug({ paymentId: payment.id, step, phase }, 'payment step')
        : undefined,
    };
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
          { err: result.error, step: result.stepId, unknown: result.unknown },
          'payment step failed; declined after compensation',
        );
        return this.finish(p, expected, {
          status: PaymentStatus.DECLINED,
          declineReason: result.unknown ? DeclineReason.PROCESSING_TIMEOUT : DeclineReason.PROCESSING_ERROR,
          ...risk,
        });
      case 'preempted':
        log.warn({ err: result.error, step: result.stepId }, 'payment taken over by another runner');
        return (await this.deps.store.findById(p.id)) ?? p;
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
