import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { pageRequest, toConnection } from '../../../platform/graphql/connections';
import type { RiskContext } from '../context';
import { reportCsv, reportJson } from '../domain/report-export';
import { pageCursor } from './cursors';
import { ReportFormatEnum } from './enums';
import { SuspiciousActivityReportConnection, SuspiciousActivityReportType } from './report.types';

@Resolver(() => SuspiciousActivityReportType)
export class ReportResolver {
  @Query(() => SuspiciousActivityReportConnection, {
    description:
      'Suspicious activity reports (AML), newest first. ANALYSTs only: anyone else gets FORBIDDEN.',
  })
  async suspiciousActivityReports(
    @Ctx() ctx: RiskContext,
    @Arg('first', () => Int, { nullable: true, description: 'How many reports (default 20, at most 100).' })
    first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The cursor after which to continue.' })
    after?: string | null,
  ): Promise<SuspiciousActivityReportConnection> {
    const page = pageRequest(first, after);
    const rows = await ctx.services.reports.page(ctx.viewer, {
      limit: page.first + 1,
      before: pageCursor(page.after, (createdAt, id) => ({ createdAt, id })),
    });
    return toConnection(
      rows,
      page.first,
      (row) => [row.createdAt.toISOString(), row.id],
      SuspiciousActivityReportType.from,
    ) as SuspiciousActivityReportConnection;
  }

  @FieldResolver(() => String, {
    description: 'The report for the compliance team, with every payment in it, as JSON or CSV.',
  })
  async export(
    @Root() report: SuspiciousActivityReportType,
    @Ctx() ctx: RiskContext,
    @Arg('format', () => ReportFormatEnum, { description: 'JSON or CSV.' }) format: ReportFormatEnum,
  ): Promise<string> {
    const document = await ctx.services.reports.document(report.stored);
    return format === ReportFormatEnum.CSV ? reportCsv(document) : reportJson(document);
  }
}
