import type { ConnectionView } from '../../api/types';
import { RelativeTime } from '../runs/RelativeTime';
import { dailyUsage, pairPace, qualityBadge, tierLabel } from './connection-limits';

/**
 * A WhatsApp sender's limits on its card: Meta's quality rating as a coloured badge, its tier and
 * how much of the daily limit of unique customers the last 24 hours used, its send rate and the
 * spacing of messages to one customer.
 */
export function ConnectionLimits({ limits, provider }: { limits: NonNullable<ConnectionView['limits']>; provider: string }) {
  const quality = qualityBadge(limits.qualityRating);
  const tier = tierLabel(limits.tier);
  const usage = dailyUsage(limits);
  const meta = provider === 'whatsapp.meta';
  return (
    <>
      {meta ? (
        <div className="conn-fact">
          <dt>Quality</dt>
          <dd>
            <span className={`badge conn-quality conn-quality-${quality.tone}`} data-testid="connection-quality">
              {quality.label}
            </span>
          </dd>
        </div>
      ) : null}
      <div className="conn-fact">
        <dt>Daily limit{tier ? ` (tier ${tier})` : ''}</dt>
        <dd className={usage.full ? 'conn-limit-full' : undefined} data-testid="connection-daily-usage">
          {usage.text}
          {usage.full ? <span className="hint"> — new customers wait</span> : null}
        </dd>
      </div>
      {limits.throughputPerSecond !== null ? (
        <div className="conn-fact">
          <dt>Paced at</dt>
          <dd>{limits.throughputPerSecond} messages/s</dd>
        </div>
      ) : null}
      <div className="conn-fact">
        <dt>To one customer</dt>
        <dd>{pairPace(limits)}</dd>
      </div>
      {meta && limits.updatedAt ? (
        <div className="conn-fact">
          <dt>Limits from Meta</dt>
          <dd>
            <RelativeTime iso={limits.updatedAt} />
          </dd>
        </div>
      ) : null}
    </>
  );
}
