import { authenticator } from 'otplib';
import { errorCodes, startTestGraph, type TestGraph } from './support/graph';
import { signUpCustomer } from './support/users';

/** A card number that passes Luhn, and one that does not. */
const VISA = '4242 4242 4242 4242';
const IBAN = 'DE89370400440532013000';

describe('a new customer, end to end through the gateway', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph.close());

  it('signs up, signs in, links a card and a bank account, enables MFA, opens two wallets and reads it all back in one query', async () => {
    const email = `ada-${Date.now()}@example.com`;
    const password = 'a long and unusual passphrase';
    const signUp = await graph.gql<{
      signUp: { token: string; account: { id: string; email: string; roles: string[] } };
    }>(
      `mutation ($input: SignUpInput!) { signUp(input: $input) { token account { id email roles status mfaEnabled } } }`,
      { input: { email: email.toUpperCase(), password, displayName: 'Ada' } },
    );
    expect(signUp.errors).toBeUndefined();
    expect(signUp.data!.signUp.account).toMatchObject({
      email,
      roles: ['CUSTOMER'],
      status: 'ACTIVE',
      mfaEnabled: false,
    });

    const signIn = await graph.gql<{ signIn: { token: string; account: { id: string } } }>(
      `mutation ($input: SignInInput!) { signIn(input: $input) { token account { id } } }`,
      { input: { email, password } },
    );
    expect(signIn.data!.signIn.account.id).toBe(signUp.data!.signUp.account.id);
    const token = signIn.data!.signIn.token;

    const card = await graph.gql<{
      linkCard: { kind: string; last4: string; brand: string; status: string };
    }>(
      `mutation ($input: LinkCardInput!) { linkCard(input: $input) { id kind last4 brand status label } }`,
      {
        input: {
          number: VISA,
          expMonth: 12,
          expYear: new Date().getUTCFullYear() + 2,
          cvc: '123',
          holderName: 'Ada Lovelace',
        },
      },
      token,
    );
    expect(card.errors).toBeUndefined();
    expect(card.data!.linkCard).toMatchObject({
      kind: 'DEBIT_CARD',
      last4: '4242',
      brand: 'VISA',
      status: 'ACTIVE',
    });

    const bank = await graph.gql<{ linkBankAccount: { kind: string; last4: string; label: string } }>(
      `mutation ($input: LinkBankAccountInput!) { linkBankAccount(input: $input) { id kind last4 label } }`,
      { input: { iban: IBAN, holderName: 'Ada Lovelace' } },
      token,
    );
    expect(bank.errors).toBeUndefined();
    expect(bank.data!.linkBankAccount).toMatchObject({ kind: 'BANK_ACCOUNT', last4: '3000' });
    expect(bank.data!.linkBankAccount.label).not.toContain('0532013');

    const enrollment = await graph.gql<{ enableMfa: { secret: string; otpauthUri: string } }>(
      `mutation { enableMfa { secret otpauthUri } }`,
      {},
      token,
    );
    expect(enrollment.data!.enableMfa.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const confirmed = await graph.gql<{ confirmMfa: { mfaEnabled: boolean } }>(
      `mutation ($code: String!) { confirmMfa(code: $code) { mfaEnabled } }`,
      { code: authenticator.generate(enrollment.data!.enableMfa.secret) },
      token,
    );
    expect(confirmed.data!.confirmMfa.mfaEnabled).toBe(true);

    for (const currency of ['EUR', 'CNY']) {
      const opened = await graph.gql(
        `mutation ($input: OpenWalletInput!) { openWallet(input: $input) { id currency status } }`,
        { input: { currency } },
        token,
      );
      expect(opened.errors).toBeUndefined();
    }

    const me = await graph.gql<{
      me: {
        email: string;
        mfaEnabled: boolean;
        wallets: {
          currency: string;
          balance: { amount: string; currency: string };
          availableBalance: { amount: string };
        }[];
        fundingSources: { last4: string }[];
      };
    }>(
      `{ me { email mfaEnabled wallets { currency balance { amount currency } availableBalance { amount } } fundingSources { last4 } } }`,
      {},
      token,
    );
    expect(me.errors).toBeUndefined();
    expect(me.data!.me.mfaEnabled).toBe(true);
    expect(
      me.data!.me.wallets.map((w) => w.balance).sort((a, b) => a.currency.localeCompare(b.currency)),
    ).toEqual([
      { amount: '0.00', currency: 'CNY' },
      { amount: '0.00', currency: 'EUR' },
    ]);
    expect(me.data!.me.fundingSources.map((f) => f.last4).sort()).toEqual(['3000', '4242']);
  });

  it('reads me as null when signed out', async () => {
    const response = await graph.gql(`{ me { id } }`);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ me: null });
  });

  it('gives every bad input its code, and the field at fault', async () => {
    const customer = await signUpCustomer(graph);
    const signUpWith = (input: Record<string, unknown>) =>
      graph.gql(`mutation ($input: SignUpInput!) { signUp(input: $input) { token } }`, {
        input: {
          email: `x${Math.random()}@example.com`,
          password: 'a long and unusual passphrase',
          displayName: 'X',
          ...input,
        },
      });

    const badEmail = await signUpWith({ email: 'not-an-email' });
    expect(errorCodes(badEmail)).toEqual(['BAD_USER_INPUT']);
    expect(badEmail.errors![0].extensions!.field).toMatch(/email/);

    const weak = await signUpWith({ password: 'password' });
    expect(errorCodes(weak)).toEqual(['BAD_USER_INPUT']);
    expect(weak.errors![0].extensions!.field).toMatch(/password/);

    expect(errorCodes(await signUpWith({ email: customer.email }))).toEqual(['CONFLICT']);

    const signIn = (email: string, password: string) =>
      graph.gql(`mutation ($input: SignInInput!) { signIn(input: $input) { token } }`, {
        input: { email, password },
      });
    const wrongPassword = await signIn(customer.email, 'not the password at all');
    const unknownEmail = await signIn('nobody-here@example.com', 'not the password at all');
    expect(errorCodes(wrongPassword)).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(unknownEmail)).toEqual(['UNAUTHENTICATED']);
    expect(wrongPassword.errors![0].message).toBe(unknownEmail.errors![0].message);

    const badIban = await graph.gql(
      `mutation ($input: LinkBankAccountInput!) { linkBankAccount(input: $input) { id } }`,
      { input: { iban: 'DE89370400440532013001', holderName: 'X' } },
      customer.token,
    );
    expect(errorCodes(badIban)).toEqual(['BAD_USER_INPUT']);
    expect(badIban.errors![0].extensions!.field).toMatch(/iban/);

    const linkCard = (input: Record<string, unknown>) =>
      graph.gql(
        `mutation ($input: LinkCardInput!) { linkCard(input: $input) { id } }`,
        {
          input: {
            number: VISA,
            expMonth: 12,
            expYear: new Date().getUTCFullYear() + 1,
            cvc: '123',
            holderName: 'X',
            ...input,
          },
        },
        customer.token,
      );
    const badNumber = await linkCard({ number: '4242 4242 4242 4241' });
    expect(errorCodes(badNumber)).toEqual(['BAD_USER_INPUT']);
    expect(badNumber.errors![0].extensions!.field).toMatch(/number/);
    expect(JSON.stringify(badNumber)).not.toContain('4242 4242 4242 4241');
    const expired = await linkCard({ expMonth: 1, expYear: new Date().getUTCFullYear() - 1 });
    expect(errorCodes(expired)).toEqual(['BAD_USER_INPUT']);
    expect(expired.errors![0].message).toMatch(/expired/i);

    const openWallet = (currency: string) =>
      graph.gql(
        `mutation ($input: OpenWalletInput!) { openWallet(input: $input) { id } }`,
        { input: { currency } },
        customer.token,
      );
    const unsupported = await openWallet('XYZ');
    expect(errorCodes(unsupported)).toEqual(['BAD_USER_INPUT']);
    expect(unsupported.errors![0].extensions!.field).toMatch(/currency/);
    const usd = await openWallet('USD');
    expect(usd.errors).toBeUndefined();
    expect(errorCodes(await openWallet('USD'))).toEqual(['CONFLICT']);

    const walletId = (usd.data as { openWallet: { id: string } }).openWallet.id;
    for (const amount of ['12,50', '1e2', '12.5.0', 'ten']) {
      const malformed = await graph.gql(
        `mutation ($input: TransferInput!) { transfer(input: $input) { id } }`,
        {
          input: {
            fromWalletId: walletId,
            toWalletId: walletId,
            amount: { amount, currency: 'USD' },
            idempotencyKey: 'k',
          },
        },
        customer.token,
      );
      expect(errorCodes(malformed)).toEqual(['BAD_USER_INPUT']);
    }

    const nested = 'wallets { owner { '.repeat(8) + 'id' + ' } }'.repeat(8);
    const deep = await graph.gql(`{ me { ${nested} } }`, {}, customer.token);
    expect(deep.errors?.[0].message).toMatch(/levels deep; the limit is 12/);
    expect(new Set(errorCodes(deep))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
    expect(deep.data ?? null).toBeNull();
  });
});
