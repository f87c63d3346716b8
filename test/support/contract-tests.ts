import { MalformedMessage, type Bus, type CommandContract, type RequestOf } from '../../platform/bus';

/** How a contract test exercises one command against the running service. */
export interface CommandCase<C extends CommandContract> {
  /** A request the service can answer now (built against its state). */
  valid(): Promise<RequestOf<C>>;
  /** A request that breaks the command's request schema. */
  malformed: Record<string, unknown>;
}

/** One case for every command of a contract: the type checker refuses a missing one. */
export type ContractCases<Commands extends Record<string, CommandContract>> = {
  [K in keyof Commands]: CommandCase<Commands[K]>;
};

/**
 * Declares, per command of a contract, that the service answers a valid request with its
 * declared reply (the bus parses the reply with the contract's schema, so a reply that breaks it
 * fails the request) and refuses a malformed request with a MalformedMessage naming the command.
 */
export function itHonoursItsContract<Commands extends Record<string, CommandContract>>(
  caller: () => Bus,
  commands: Commands,
  cases: ContractCases<Commands>,
): void {
  for (const [key, command] of Object.entries(commands)) {
    const testCase = cases[key as keyof Commands];
    it(`answers ${command.subject} with its declared reply`, async () => {
      await expect(caller().request(command, await testCase.valid())).resolves.toBeDefined();
    });
    it(`refuses a malformed ${command.subject} request, naming the command`, async () => {
      // The request breaks the contract on purpose: the type checker would refuse it.
      const refused = caller().request(command, testCase.malformed as RequestOf<typeof command>);
      await expect(refused).rejects.toBeInstanceOf(MalformedMessage);
      await expect(refused).rejects.toMatchObject({ contract: command.subject, part: 'request' });
    });
  }
}
