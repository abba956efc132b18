import { deliveryInfo } from './email-format';

/** An email's delivery (`Sent`, `Captured`, `Failed`) as a colored badge, explained on hover. */
export function DeliveryBadge({ delivery }: { delivery: string }) {
  const info = deliveryInfo(delivery);
  return (
    <span className={`badge email-delivery email-delivery-${info.tone}`} title={info.hint || undefined} data-delivery={delivery}>
      {info.label}
    </span>
  );
}
