import { randomUUID } from 'node:crypto';
import type { Bus } from '../../platform/bus';
import { describeOnEveryBus } from '../../test/support/buses';
import { itHonoursItsContract } from '../../test/support/contract-tests';
import { WalletCommands } from './contract';
import { startTestWallets, type TestWallets } from './testing/wallets';

describeOnEveryBus('the wallets contract', (buses) => {
  let wallets: TestWallets;
  let caller: Bus;
  let walletId: string;
  let payeeWalletId: string;

  beforeAll(async () => {
    wallets = await startTestWallets({ bus: await buses.connect('wallets') });
    caller = await buses.connect('payments');
    walletId = await wallets.openWallet((await wallets.customer()).token);
    payeeWalletId = await wallets.openWallet((await wallets.customer()).token);
    await wallets.fund(walletId, '100000');
  });

  afterAll(() => wallets?.close());

  /** A hold placed on the funded wallet, for the commands that act on one. */
  async function placedHold(): Promise<string> {
    const holdId = randomUUID();
    const reply = await caller.request(WalletCommands.placeHold, {
      holdId,
      walletId,
      amountMinor: '100',
      currency: 'EUR',
      paymentId: holdId,
    });
    if (reply.outcome !== 'PLACED') throw new Error(`hold ${reply.outcome}`);
    return holdId;
  }

  /** A transfer between the two wallets, posted, for the command that reads one back. */
  async function postedTransfer(): Promise<string> {
    const transferId = randomUUID();
    const reply = await caller.request(WalletCommands.transfer, {
      transferId,
      debit: { walletId },
      credit: { walletId: payeeWalletId },
      amountMinor: '100',
      currency: 'EUR',
      paymentId: transferId,
    });
    if (reply.outcome !== 'POSTED') throw new Error(`transfer ${reply.outcome}`);
    return transferId;
  }

  itHonoursItsContract(() => caller, WalletCommands, {
    getWallet: { valid: async () => ({ walletId }), malformed: { walletId: null } },
    walletsOf: { valid: async () => ({ accountId: randomUUID() }), malformed: { accountId: '' } },
    placeHold: {
      valid: async () => ({
        holdId: randomUUID(),
        walletId,
        amountMinor: '250',
        currency: 'EUR',
        paymentId: randomUUID(),
      }),
      malformed: { holdId: randomUUID(), walletId: randomUUID(), amountMinor: '2.50', currency: 'EUR' },
    },
    postHold: {
      valid: async () => ({ holdId: await placedHold(), credit: { walletId: payeeWalletId } }),
      malformed: { holdId: randomUUID(), credit: { system: 'FX' } },
    },
    voidHold: { valid: async () => ({ holdId: await placedHold() }), malformed: { holdId: '' } },
    transfer: {
      valid: async () => ({
        transferId: randomUUID(),
        debit: { system: 'FUNDING' as const },
        credit: { walletId },
        amountMinor: '500',
        currency: 'EUR',
        paymentId: null,
      }),
      malformed: {
        transferId: randomUUID(),
        debit: { walletId: randomUUID(), system: 'FUNDING' },
        amountMinor: '1',
      },
    },
    getHold: { valid: async () => ({ holdId: await placedHold() }), malformed: { hold: 'x' } },
    getTransfer: {
      valid: async () => ({ transferId: await postedTransfer() }),
      malformed: { transferId: 7 },
    },
  });
});
