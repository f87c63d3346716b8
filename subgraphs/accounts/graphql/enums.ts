import { registerEnumType } from 'type-graphql';
import { role } from '../contract';
import { AccountStatus } from '../store/account.entity';
import { FundingSourceKind, FundingSourceStatus } from '../store/funding-source.entity';

export { AccountStatus, FundingSourceKind, FundingSourceStatus };

/** The roles of the API (the platform's `Role` type as a GraphQL enum). */
export const RoleValue = role.enum;
export type RoleValue = (typeof RoleValue)[keyof typeof RoleValue];

registerEnumType(AccountStatus, {
  name: 'AccountStatus',
  description: 'Whether an account may move money.',
  valuesConfig: {
    ACTIVE: { description: 'In good standing: may sign in and move money.' },
    FROZEN: { description: 'Frozen by an analyst or by risk: may sign in and read, not move money.' },
    CLOSED: { description: 'Closed for good.' },
  },
});

registerEnumType(RoleValue, {
  name: 'Role',
  description: 'What an account may do in the graph.',
  valuesConfig: {
    CUSTOMER: { description: 'A customer: holds wallets and makes payments.' },
    ANALYST: {
      description: 'Bank staff: reviews alerts, freezes and unfreezes accounts, reads any account.',
    },
  },
});

registerEnumType(FundingSourceKind, {
  name: 'FundingSourceKind',
  description: 'What a funding source is.',
  valuesConfig: {
    BANK_ACCOUNT: { description: 'A bank account, known by its masked IBAN.' },
    DEBIT_CARD: { description: 'A debit card, known by its token, last four digits and brand.' },
    CREDIT_CARD: { description: 'A credit card, known by its token, last four digits and brand.' },
  },
});

registerEnumType(FundingSourceStatus, {
  name: 'FundingSourceStatus',
  description: 'Whether a funding source can be used.',
  valuesConfig: {
    ACTIVE: { description: 'Linked and usable.' },
    REMOVED: { description: 'Unlinked by its holder; kept so past payments still name it.' },
  },
});
