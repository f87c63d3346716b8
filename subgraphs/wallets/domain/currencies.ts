import { BadInput } from '../../../platform/errors';
import type { Currency } from '../../../platform/money';

/** The currencies a customer may open a wallet in; every one is ISO 4217 with known minor units. */
export const WALLET_CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'CNY', 'JPY', 'KWD', 'SEK'] as const;
export type WalletCurrency = (typeof WALLET_CURRENCIES)[number] & Currency;

/** Parses a wallet currency, refusing unknown and unsupported codes with BAD_USER_INPUT on `field`. */
export function parseWalletCurrency(code: string, field = 'currency'): WalletCurrency {
  if (!(WALLET_CURRENCIES as readonly string[]).includes(code)) {
    throw new BadInput(`Wallets can be opened in ${WALLET_CURRENCIES.join(', ')}; not in "${code}"`, field);
  }
  return code as WalletCurrency;
}
