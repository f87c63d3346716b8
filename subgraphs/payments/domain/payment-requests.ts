/** The requests the payment mutations carry, as the domain receives them (already typed, not yet trusted). */

export interface AmountInput {
  amount: string;
  currency: string;
}

export interface TopUpRequest {
  walletId: string;
  fundingSourceId: string;
  amount: AmountInput;
  idempotencyKey: string;
}

export interface WithdrawRequest {
  walletId: string;
  fundingSourceId: string;
  amount: AmountInput;
  idempotencyKey: string;
}

export interface TransferRequest {
  fromWalletId: string;
  toWalletId: string;
  amount: AmountInput;
  note?: string | null;
  idempotencyKey: string;
}

export interface PayMerchantRequest {
  walletId: string;
  merchantName: string;
  category: string;
  amount: AmountInput;
  idempotencyKey: string;
}

export interface VerifyPaymentRequest {
  paymentId: string;
  code: string;
}
