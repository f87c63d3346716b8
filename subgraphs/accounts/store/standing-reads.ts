import type { EntityManager } from '@mikro-orm/core';
import type { Role } from '../../../platform/auth';
import type { Dialect } from '../../../platform/database';
import { parameterList } from '../../../platform/database/entity-reads';
import { readBoolean, readJson } from '../../../platform/database/raw-values';
import { sqlQuery } from '../../../platform/database/sql-transaction';
import type { AccountStanding } from '../contract';
import type { AccountStatus } from './account.entity';

/** The most ids one select asks for. */
const MAX_IDS = 100;

interface Waiting {
  accountId: string;
  resolve(standing: AccountStanding | null): void;
  reject(error: unknown): void;
}

/**
 * Standings asked for in the same turn of the event loop, read by one select of just those
 * columns. Each read is issued after every request it answers arrived, so a freeze committed
 * before a request still counts for it; nothing is remembered between reads.
 */
export class StandingReads {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(
    private readonly em: EntityManager,
    private readonly dialect: Dialect,
  ) {}

  /** The account's status, MFA and roles, or null when there is no such account. */
  of(accountId: string): Promise<AccountStanding | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ accountId, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.readAll());
      }
    });
  }

  private readAll(): void {
    this.scheduled = false;
    const waiting = this.waiting;
    this.waiting = [];
    for (let i = 0; i < waiting.length; i += MAX_IDS) void this.read(waiting.slice(i, i + MAX_IDS));
  }

  private async read(batch: Waiting[]): Promise<void> {
    const ids = [...new Set(batch.map((item) => item.accountId))];
    try {
      const rows = await sqlQuery(
        this.em,
        this.dialect,
        `select id, status, mfa_enabled, roles from accounts where id in (${parameterList(ids)})`,
        ids,
      );
      const standings = new Map<string, AccountStanding>();
      for (const row of rows) {
        const accountId = String(row.id);
        standings.set(accountId, {
          accountId,
          status: row.status as AccountStatus,
          mfaEnabled: readBoolean(row.mfa_enabled),
          roles: readJson<Role[]>(row.roles),
        });
      }
      for (const item of batch) item.resolve(standings.get(item.accountId) ?? null);
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }
}
