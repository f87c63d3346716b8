import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import type { Role } from '../../../platform/auth';
import { newId } from '../../../platform/ids';
import { accountStatus, type AccountStatus as AccountStatusValue } from '../contract';

/** Whether an account may move money: FROZEN by an analyst or risk, CLOSED for good. */
export const AccountStatus = accountStatus.enum;
export type AccountStatus = AccountStatusValue;

/** A person's identity in the graph: credentials, roles, MFA and status. */
@Entity({ tableName: 'accounts' })
export class Account {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = newId();

  /** Always stored in its normal form (trimmed, lower-case). */
  @Property({ type: 'string', length: 254, unique: 'accounts_email_unique' })
  email: string;

  @Property({ type: 'string', length: 100 })
  displayName: string;

  /** A self-describing scrypt hash (`scrypt$N$r$p$salt$hash`). */
  @Property({ type: 'string', length: 255, lazy: true })
  passwordHash: string;

  @Enum({ items: () => AccountStatus, type: 'string', length: 16 })
  status: AccountStatus = AccountStatus.ACTIVE;

  @Property({ type: 'string', length: 500, nullable: true })
  statusReason?: string | null;

  @Property({ type: 'json' })
  roles: Role[] = ['CUSTOMER'];

  @Property({ type: 'boolean' })
  mfaEnabled: boolean = false;

  /** The TOTP secret, sealed with AES-256-GCM; set by enableMfa, in force once confirmed. */
  @Property({ type: 'text', nullable: true, lazy: true })
  mfaSecretSealed?: string | null;

  /** The last TOTP time-step accepted: a code is accepted once. */
  @Property({ type: 'integer', nullable: true })
  mfaLastStep?: number | null;

  /** Tokens of this account issued before this instant are refused (null: none revoked this way). */
  @Property({ type: 'datetime', nullable: true })
  tokensValidAfter?: Date | null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  constructor(email: string, displayName: string, passwordHash: string) {
    this.email = email;
    this.displayName = displayName;
    this.passwordHash = passwordHash;
  }
}
