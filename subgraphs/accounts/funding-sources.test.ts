import { firstError } from '../../test/support/gql';
import { useStarted } from '../../test/support/lifecycle';
import { AccountCommands } from './contract';
import { signUp, startTestAccounts } from './testing/accounts';

const LINK_CARD = `mutation($input: LinkCardInput!) { linkCard(input: $input) { id kind label last4 brand expMonth expYear status } }`;
const LINK_BANK = `mutation($input: LinkBankAccountInput!) { linkBankAccount(input: $input) { id kind label last4 brand status } }`;
const UNLINK = `mutation($id: ID!) { unlinkFundingSource(id: $id) { id status } }`;
const MY_SOURCES = `{ me { fundingSources { id kind label last4 brand } } }`;

const FUTURE_YEAR = new Date().getUTCFullYear() + 3;
const CARDS = [
  { number: '4111 1111 1111 1111', digits: '4111111111111111', cvc: '7391', brand: 'VISA' },
  { number: '5555-5555-5555-4444', digits: '5555555555554444', cvc: '8462', brand: 'MASTERCARD' },
  { number: '6200000000000005', digits: '6200000000000005', cvc: '5173', brand: 'UNIONPAY' },
];
const IBAN = 'DE89 3704 0044 0532 0130 00';

const accounts = useStarted(startTestAccounts);

function card(index: number, change: Record<string, unknown> = {}) {
  const { number, cvc } = CARDS[index];
  return { number, expMonth: 12, expYear: FUTURE_YEAR, cvc, holderName: 'Ada Lovelace', ...change };
}

describe('funding sources', () => {
  it('links cards and a bank account, keeping only masked data, and never stores or logs a number or CVC', async () => {
    const ada = await signUp(accounts);
    const responses: string[] = [];
    for (const [index, expected] of CARDS.entries()) {
      const linked = await accounts.gql<{ linkCard: Record<string, unknown> }>(
        LINK_CARD,
        { input: card(index, index === 1 ? { kind: 'CREDIT_CARD' } : {}) },
        { token: ada.token },
      );
      responses.push(linked.raw);
      expect(linked.errors).toBeUndefined();
      expect(linked.data?.linkCard).toMatchObject({
        kind: index === 1 ? 'CREDIT_CARD' : 'DEBIT_CARD',
        label: `${expected.brand} •••• ${expected.digits.slice(-4)}`,
        last4: expected.digits.slice(-4),
        brand: expected.brand,
        expMonth: 12,
        expYear: FUTURE_YEAR,
        status: 'ACTIVE',
      });
    }
    const bank = await accounts.gql<{ linkBankAccount: Record<string, unknown> }>(
      LINK_BANK,
      { input: { iban: IBAN, holderName: 'Ada Lovelace' } },
      { token: ada.token },
    );
    responses.push(bank.raw);
    expect(bank.data?.linkBankAccount).toMatchObject({
      kind: 'BANK_ACCOUNT',
      label: 'DE89 •••• 3000',
      last4: '3000',
      brand: null,
      status: 'ACTIVE',
    });
    const mine = await accounts.gql<{ me: { fundingSources: unknown[] } }>(
      MY_SOURCES,
      {},
      { token: ada.token },
    );
    expect(mine.data?.me.fundingSources).toHaveLength(4);
    responses.push(mine.raw);

    const stored = await accounts.database.storedText();
    const logged = accounts.logs.text();
    expect(logged.length).toBeGreaterThan(0);
    for (const { number, digits, cvc } of CARDS) {
      for (const haystack of [stored, logged, ...responses]) {
        expect(haystack).not.toContain(digits);
        expect(haystack).not.toContain(number);
        // A bare CVC could occur inside unrelated binary data, so it is searched as a value.
        expect(haystack).not.toContain(`"${cvc}"`);
        expect(haystack).not.toMatch(new RegExp(`cvc\\W{0,4}${cvc}`));
      }
    }
    for (const haystack of [stored, logged, ...responses]) {
      expect(haystack).not.toContain('DE89370400440532013000');
      expect(haystack).not.toContain(IBAN);
    }
    expect(stored).toContain('tok_');
  });

  it('returns the existing source when the same card or IBAN is linked again', async () => {
    const ada = await signUp(accounts);
    const first = await accounts.gql<{ linkCard: { id: string } }>(
      LINK_CARD,
      { input: card(0) },
      { token: ada.token },
    );
    const again = await accounts.gql<{ linkCard: { id: string; expYear: number } }>(
      LINK_CARD,
      { input: card(0, { number: CARDS[0].digits, expYear: FUTURE_YEAR + 1 }) },
      { token: ada.token },
    );
    expect(again.data?.linkCard.id).toBe(first.data?.linkCard.id);
    expect(again.data?.linkCard.expYear).toBe(FUTURE_YEAR + 1);
    const bank = await accounts.gql<{ linkBankAccount: { id: string } }>(
      LINK_BANK,
      { input: { iban: IBAN, holderName: 'A' } },
      { token: ada.token },
    );
    const bankAgain = await accounts.gql<{ linkBankAccount: { id: string } }>(
      LINK_BANK,
      { input: { iban: IBAN.replace(/ /g, '').toLowerCase(), holderName: 'A' } },
      { token: ada.token },
    );
    expect(bankAgain.data?.linkBankAccount.id).toBe(bank.data?.linkBankAccount.id);
  });

  it.each([
    ['a number failing Luhn', { number: '4111 1111 1111 1112' }, 'input.number'],
    ['a number too short', { number: '41111111111' }, 'input.number'],
    ['an expired year', { expYear: 2020 }, 'input.expYear'],
    ['a month out of range', { expMonth: 13 }, 'input.expMonth'],
    ['a short CVC', { cvc: '12' }, 'input.cvc'],
  ])('refuses %s with BAD_USER_INPUT', async (_case, change, field) => {
    const ada = await signUp(accounts);
    const response = await accounts.gql(LINK_CARD, { input: card(0, change) }, { token: ada.token });
    expect(firstError(response)).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('refuses an expired card with "The card has expired"', async () => {
    const ada = await signUp(accounts);
    const lastYear = new Date().getUTCFullYear() - 1;
    const response = await accounts.gql(
      LINK_CARD,
      { input: card(0, { expYear: lastYear }) },
      { token: ada.token },
    );
    expect(response.errors?.[0]).toMatchObject({
      message: 'The card has expired',
      extensions: { code: 'BAD_USER_INPUT', field: 'input.expYear' },
    });
  });

  it('refuses an invalid IBAN on input.iban, and a signed-out caller', async () => {
    const ada = await signUp(accounts);
    const bad = await accounts.gql(
      LINK_BANK,
      { input: { iban: 'DE89 3704 0044 0532 0130 01', holderName: 'A' } },
      { token: ada.token },
    );
    expect(firstError(bad)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.iban' });
    expect(firstError(await accounts.gql(LINK_CARD, { input: card(0) }))?.code).toBe('UNAUTHENTICATED');
  });

  it("reads another customer's source as NOT_FOUND, unlinks one's own, and answers the bus", async () => {
    const ada = await signUp(accounts);
    const bob = await signUp(accounts);
    const linked = await accounts.gql<{ linkCard: { id: string } }>(
      LINK_CARD,
      { input: card(1) },
      { token: ada.token },
    );
    const id = linked.data!.linkCard.id;

    expect(firstError(await accounts.gql(UNLINK, { id }, { token: bob.token }))?.code).toBe('NOT_FOUND');
    expect(firstError(await accounts.gql(UNLINK, { id: 'nope' }, { token: ada.token }))?.code).toBe(
      'NOT_FOUND',
    );
    const references = `query($r: [_Any!]!) { _entities(representations: $r) { ... on FundingSource { id last4 } } }`;
    const asBob = await accounts.gql<{ _entities: unknown[] }>(
      references,
      { r: [{ __typename: 'FundingSource', id }] },
      { token: bob.token },
    );
    expect(asBob.data?._entities).toEqual([null]);
    const asAda = await accounts.gql<{ _entities: unknown[] }>(
      references,
      { r: [{ __typename: 'FundingSource', id }] },
      { token: ada.token },
    );
    expect(asAda.data?._entities).toEqual([{ id, last4: '4444' }]);

    const summary = await accounts.bus.request(AccountCommands.getFundingSource, {
      fundingSourceId: id,
      accountId: ada.accountId,
    });
    expect(summary).toMatchObject({
      fundingSourceId: id,
      accountId: ada.accountId,
      kind: 'DEBIT_CARD',
      status: 'ACTIVE',
      last4: '4444',
      brand: 'MASTERCARD',
    });
    expect(summary.token).toMatch(/^tok_[0-9a-f]{64}$/);
    await expect(
      accounts.bus.request(AccountCommands.getFundingSource, {
        fundingSourceId: id,
        accountId: bob.accountId,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const removed = await accounts.gql(UNLINK, { id }, { token: ada.token });
    expect(removed.data).toEqual({ unlinkFundingSource: { id, status: 'REMOVED' } });
    const mine = await accounts.gql<{ me: { fundingSources: unknown[] } }>(
      MY_SOURCES,
      {},
      { token: ada.token },
    );
    expect(mine.data?.me.fundingSources).toEqual([]);
  });
});
