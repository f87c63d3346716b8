import { registerEnumType } from 'type-graphql';
import { walletStatus } from '../contract';

/** A wallet's lifecycle as the API shows it. */
export const WalletStatusEnum = walletStatus.enum;
export type WalletStatusEnum = (typeof WalletStatusEnum)[keyof typeof WalletStatusEnum];
registerEnumType(WalletStatusEnum, {
  name: 'WalletStatus',
  description: 'Whether a wallet can move money.',
  valuesConfig: {
    ACTIVE: { description: 'Money can be spent from and received into the wallet.' },
    FROZEN: { description: 'The account is frozen: nothing can be spent from the wallet.' },
    CLOSED: { description: 'The wallet is closed and moves no money.' },
  },
});

/** Which side of the wallet an entry lands on. */
export enum EntryDirectionEnum {
  DEBIT = 'DEBIT',
  CREDIT = 'CREDIT',
}
registerEnumType(EntryDirectionEnum, {
  name: 'EntryDirection',
  description: 'Whether an entry took money out of the wallet or put money in.',
  valuesConfig: {
    DEBIT: { description: 'Money left the wallet.' },
    CREDIT: { description: 'Money arrived in the wallet.' },
  },
});
