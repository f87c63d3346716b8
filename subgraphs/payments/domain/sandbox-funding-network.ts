import type { FundingNetwork, FundingOutcome, FundingRequest } from './funding-network';
import { TransientFundingError } from './funding-network';

/**
 * A funding network that behaves like a real one in a sandbox: it approves, and declines by
 * documented test rules, so every outcome can be reached on purpose.
 *
 * | rule                                   | charge                          | payout               |
 * |----------------------------------------|---------------------------------|----------------------|
 * | last4 0002                             | declined CARD_DECLINED          | declined PAYOUT_REJECTED |
 * | last4 9995                             | declined INSUFFICIENT_FUNDS_AT_ISSUER | approved       |
 * | last4 0069                             | declined EXPIRED_CARD           | approved             |
 * | last4 0341                             | declined ACCOUNT_CLOSED         | declined ACCOUNT_CLOSED |
 * | amount's last two digits are 13 (x.13) | NETWORK_ERROR (transient) on the first attempt of a reference; a retry goes through |
 * | anything else                          | approved                        | approved             |
 *
 * Every call is idempotent by its reference: asking again returns the first answer. Refunds
 * are always approved. Latency per call is configurable (FUNDING_NETWORK_LATENCY_MS).
 */
export class SandboxFundingNetwork implements FundingNetwork {
  private readonly answered = new Map<string, FundingOutcome>();
  private readonly attempts = new Map<string, number>();

  constructor(private readonly options: { latencyMs?: number } = {}) {}

  charge(request: FundingRequest): Promise<FundingOutcome> {
    return this.answer('charge', request, () => {
      switch (request.instrument.last4) {
        case '0002':
          return 'CARD_DECLINED';
        case '9995':
          return 'INSUFFICIENT_FUNDS_AT_ISSUER';
        case '0069':
          return 'EXPIRED_CARD';
        case '0341':
          return 'ACCOUNT_CLOSED';
        default:
          return undefined;
      }
    });
  }

  payout(request: FundingRequest): Promise<FundingOutcome> {
    return this.answer('payout', request, () => {
      switch (request.instrument.last4) {
        case '0002':
          return 'PAYOUT_REJECTED';
        case '0341':
          return 'ACCOUNT_CLOSED';
        default:
          return undefined;
      }
    });
  }

  refund(request: FundingRequest & { chargeReference: string }): Promise<FundingOutcome> {
    return this.answer('refund', request, () => undefined);
  }

  private async answer(
    operation: string,
    request: FundingRequest,
    declineCode: () => string | undefined,
  ): Promise<FundingOutcome> {
    if (this.options.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
    const key = `${operation}:${request.reference}`;
    const earlier = this.answered.get(key);
    if (earlier) return earlier;
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    if (operation !== 'refund' && request.amount.minor % 100n === 13n && attempt === 1) {
      throw new TransientFundingError('NETWORK_ERROR');
    }
    const code = declineCode();
    const outcome: FundingOutcome = code
      ? { approved: false, code }
      : { approved: true, networkId: `sbx_${operation}_${request.reference}` };
    this.answered.set(key, outcome);
    this.attempts.delete(key);
    return outcome;
  }
}
