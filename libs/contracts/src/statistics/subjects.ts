// Request/reply subjects of the statistics service: `statistics.<resource>.<verb>`.
import type { StatisticsExportRequest, StatisticsReportRequest } from './payloads.js';
import type { StatisticsReport } from './reports.js';

export interface StatisticsExportReply {
  contentType: string;
  filename: string;
  /** The file, base64. */
  body: string;
}

export interface StatisticsRebuildReply {
  source: 'stream' | 'snapshot';
  contacts: number;
  groupEvents: number;
  participants: number;
  referrals: number;
}

export interface StatisticsRequests {
  /** advisor / org_admin: their organisation; platform_admin: the network; partner_staff: AUTH.FORBIDDEN. */
  'statistics.report.get': { request: StatisticsReportRequest; reply: StatisticsReport };
  /** The same report as CSV or XLSX, suppression applied. */
  'statistics.report.export': { request: StatisticsExportRequest; reply: StatisticsExportReply };
  /** The system actor (operators) only: rebuild the read model from the stream or the owners' snapshots. */
  'statistics.readmodel.rebuild': {
    request: { source: 'stream' | 'snapshot' };
    reply: StatisticsRebuildReply;
  };
}
