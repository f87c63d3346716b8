/**
 * Makes an account an ANALYST, creating it when the email is new:
 *   npm run create-analyst -- --email <email> --password <password> [--name <display name>]
 * It opens the accounts database of the environment (DATA_DIR or DATABASE_URL) directly.
 */
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from '../platform/config';
import { AppError } from '../platform/errors';
import { createLogger } from '../platform/logger';
import { createAnalyst } from '../subgraphs/accounts';
import { DEMO_PASSWORD } from './demo-password';

const USAGE =
  'Usage: npm run create-analyst -- --email <email> --password <password> [--name <display name>]';

async function main(): Promise<number> {
  let values: { email?: string; password?: string; name?: string };
  try {
    ({ values } = parseArgs({
      options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  if (!values.email) {
    console.error(`--email is required\n${USAGE}`);
    return 1;
  }
  try {
    const config = loadConfig();
    if (config.production && values.password === DEMO_PASSWORD) {
      console.error('--password: the demo password is published; production accounts need their own');
      return 1;
    }
    const logger = createLogger(process.env.LOG_LEVEL ?? 'warn', 'create-analyst');
    const outcome = await createAnalyst(config, logger, {
      email: values.email,
      password: values.password,
      displayName: values.name,
    });
    if (outcome.created) console.log(`Created analyst account ${outcome.email} (${outcome.accountId}).`);
    else if (outcome.roleAdded)
      console.log(
        `Added the ANALYST role to ${outcome.email} (${outcome.accountId}); its password is unchanged.`,
      );
    else console.log(`${outcome.email} (${outcome.accountId}) already is an analyst; nothing changed.`);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) console.error(error.message);
    else if (error instanceof AppError)
      console.error(`${error.field ? `--${error.field}: ` : ''}${error.message}\n${USAGE}`);
    else throw error;
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
