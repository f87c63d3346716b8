import { randomUUID } from 'node:crypto';
import type { Bus } from '../../platform/bus';
import { newId } from '../../platform/ids';
import { describeOnEveryBus } from '../../test/support/buses';
import { itHonoursItsContract } from '../../test/support/contract-tests';
import { ok } from '../../test/support/gql';
import { AccountCommands } from './contract';
import { signUp, startTestAccounts, type TestAccounts } from './testing/accounts';

describeOnEveryBus('the accounts contract', (buses) => {
  let accounts: TestAccounts;
  let caller: Bus;
  let holder: { accountId: string; token: string };
  let cardId: string;

  beforeAll(async () => {
    accounts = await startTestAccounts({ bus: await buses.connect('accounts') });
    caller = await buses.connect('payments');
    holder = await signUp(accounts);
    const linked = await ok(
      accounts.gql<{ linkCard: { id: string } }>(
        'mutation ($input: LinkCardInput!) { linkCard(input: $input) { id } }',
        {
          input: { number: '4242424242424242', expMonth: 12, expYear: 2099, cvc: '123', holderName: 'H' },
        },
        holder.token,
      ),
    );
    cardId = linked.linkCard.id;
  });

  afterAll(() => accounts?.close());

  itHonoursItsContract(() => caller, AccountCommands, {
    getAccount: {
      valid: async () => ({ accountId: holder.accountId }),
      malformed: { accountId: 42 },
    },
    verifyTotp: {
      valid: async () => ({ accountId: holder.accountId, code: '123456' }),
      malformed: { accountId: newId(), code: null },
    },
    partnerAccess: {
      valid: async () => ({ partnerAppId: newId(), accountId: holder.accountId }),
      malformed: { partnerAppId: '' },
    },
    getFundingSource: {
      valid: async () => ({ fundingSourceId: cardId, accountId: holder.accountId }),
      malformed: { fundingSourceId: newId(), accountId: [] },
    },
    freezeAccount: {
      valid: async () => ({
        accountId: (await signUp(accounts)).accountId,
        reason: `contract ${randomUUID()}`,
      }),
      malformed: { accountId: newId(), reason: '' },
    },
    revocations: {
      valid: async () => ({}),
      malformed: { since: 'yesterday' },
    },
  });
});
