import type { EventContract } from '../../platform/bus';
import { AccountEvents } from '../../subgraphs/accounts/contract';
import { OfferEvents } from '../../subgraphs/offers/contract';
import { PAYMENT_EVENTS } from '../../subgraphs/payments/contract';
import { RISK_EVENTS } from '../../subgraphs/risk/contract';
import { WalletEvents } from '../../subgraphs/wallets/contract';

/** Every event any service publishes: what a scenario test records. */
export const ALL_EVENTS: readonly EventContract[] = [
  ...Object.values(AccountEvents),
  ...Object.values(WalletEvents),
  ...PAYMENT_EVENTS,
  ...Object.values(OfferEvents),
  ...RISK_EVENTS,
];
