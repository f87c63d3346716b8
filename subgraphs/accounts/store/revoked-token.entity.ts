import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** A token signed out before it expired; kept until it expires, so every process can load it at start. */
@Entity({ tableName: 'revoked_tokens' })
@Index({ name: 'revoked_tokens_expires_at', properties: ['expiresAt'] })
export class RevokedToken {
  /** The token's `jti`. */
  @PrimaryKey({ type: 'string', length: 100 })
  tokenId: string;

  @Property({ type: 'string', length: 36 })
  accountId: string;

  @Property({ type: 'datetime' })
  expiresAt: Date;

  @Property({ type: 'datetime' })
  revokedAt: Date;

  constructor(fields: { tokenId: string; accountId: string; expiresAt: Date; revokedAt: Date }) {
    this.tokenId = fields.tokenId;
    this.accountId = fields.accountId;
    this.expiresAt = fields.expiresAt;
    this.revokedAt = fields.revokedAt;
  }
}
