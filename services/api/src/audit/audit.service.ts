import { Injectable } from '@nestjs/common';
import type { AuditPage } from '@urban-brain/proto';
import type { AuditFilter, AuditRecord } from './audit-entry';
import { AuditRepository } from './audit.repository';

/** Writes and reads the audit log; every state-changing action of the api records itself here. */
@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  record(entry: AuditRecord): Promise<void> {
    return this.audit.insert(entry);
  }

  /** Recent failed sign-ins for a tried username (since its last success) and for an address. */
  recentSignInFailures(username: string, ip: string | null, since: Date): ReturnType<AuditRepository['recentSignInFailures']> {
    return this.audit.recentSignInFailures(username, ip, since);
  }

  async page(filter: AuditFilter): Promise<AuditPage> {
    // One more than asked tells whether there is a next page without a count.
    const entries = await this.audit.page({ ...filter, limit: filter.limit + 1 });
    const more = entries.length > filter.limit;
    const page = more ? entries.slice(0, filter.limit) : entries;
    return { entries: page, nextBefore: more ? page[page.length - 1]!.id : null };
  }
}
