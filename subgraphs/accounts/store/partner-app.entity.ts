import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import type { PartnerScope } from '../../../platform/auth';
import { newId } from '../../../platform/ids';

/** A third-party app registered by an account; it acts only on accounts that granted it access. */
@Entity({ tableName: 'partner_apps' })
@Index({ name: 'partner_apps_owner', properties: ['ownerAccountId'] })
export class PartnerApp {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = newId();

  @Property({ type: 'string', length: 36 })
  ownerAccountId: string;

  @Property({ type: 'string', length: 100 })
  name: string;

  /** Public, random: the app's user name when it asks for a token. */
  @Property({ type: 'string', length: 64, unique: 'partner_apps_client_id_unique' })
  clientId: string;

  /** HMAC-SHA256 of the client secret under the partner pepper; the secret itself is shown once. */
  @Property({ type: 'string', length: 64, lazy: true })
  clientSecretHash: string;

  /** The most the app may ever be granted. */
  @Property({ type: 'json' })
  scopes: PartnerScope[];

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  constructor(fields: {
    ownerAccountId: string;
    name: string;
    clientId: string;
    clientSecretHash: string;
    scopes: PartnerScope[];
  }) {
    this.ownerAccountId = fields.ownerAccountId;
    this.name = fields.name;
    this.clientId = fields.clientId;
    this.clientSecretHash = fields.clientSecretHash;
    this.scopes = fields.scopes;
  }
}
