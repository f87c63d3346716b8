import { Migration } from '@mikro-orm/migrations';

/**
 * A migration written once per dialect. The same tables are created on SQLite (embedded) and
 * PostgreSQL (production); each side keeps its own exact SQL so that nothing is guessed at
 * run time.
 */
export abstract class DualMigration extends Migration {
  abstract sqlite(): string[];
  abstract postgresql(): string[];

  override async up(): Promise<void> {
    const isPostgres = this.driver.getPlatform().constructor.name.startsWith('Postgre');
    for (const statement of isPostgres ? this.postgresql() : this.sqlite()) this.addSql(statement);
  }
}
