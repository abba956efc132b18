import type { FunnelBucket, FunnelGroup } from '@switchboard/shared';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { bucketLabel, funnelBars, STAGES } from './analytics-format';

/** The stages' colours: the funnel in blues and green, failures in red (the app's status colours). */
const COLOURS: Record<(typeof STAGES)[number]['key'], string> = {
  sent: '#64748b',
  delivered: '#2563eb',
  read: '#7c3aed',
  replied: '#16a34a',
  failed: '#dc2626',
};

/** A size to draw at before the container is measured (and where nothing measures it, as in tests). */
const INITIAL = { width: 480, height: 200 };

/** One group's funnel: a bar per stage, its count and share of the group's messages in the tooltip. */
export function FunnelBarChart({ group }: { group: Pick<FunnelGroup, 'messages' | 'sent' | 'delivered' | 'read' | 'replied' | 'failed'> }) {
  const bars = funnelBars(group).map((bar, index) => ({ ...bar, fill: COLOURS[STAGES[index]!.key] }));
  return (
    <ResponsiveContainer width="100%" height={INITIAL.height} initialDimension={INITIAL}>
      <BarChart data={bars} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="stage" tickLine={false} fontSize={12} />
        <YAxis allowDecimals={false} fontSize={12} />
        <Tooltip formatter={(value, _name, item) => [`${String(value)} (${(item.payload as { percent: number }).percent} %)`, 'Messages']} />
        <Bar dataKey="count" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** The period day by day: a line per stage. */
export function SeriesChart({ series }: { series: FunnelBucket[] }) {
  const data = series.map((bucket) => ({ ...bucket, day: bucketLabel(bucket) }));
  return (
    <ResponsiveContainer width="100%" height={240} initialDimension={{ width: 960, height: 240 }}>
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="day" tickLine={false} fontSize={12} minTickGap={16} />
        <YAxis allowDecimals={false} fontSize={12} />
        <Tooltip />
        <Legend />
        {STAGES.map((stage) => (
          <Line key={stage.key} type="linear" dataKey={stage.key} name={stage.label} stroke={COLOURS[stage.key]} dot={{ r: 2 }} isAnimationActive={false} />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
