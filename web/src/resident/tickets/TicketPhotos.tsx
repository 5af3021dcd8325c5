import { Image, ImageViewer, Space } from 'antd-mobile';
import { ticketPhotoUrl } from '../../api/tickets.ts';

/** A row of a step's photos; a tap opens them full screen, to swipe through. */
export function TicketPhotos({ ticketId, photos }: { ticketId: number; photos: { id: number }[] }) {
  if (!photos.length) return null;
  const urls = photos.map((p) => ticketPhotoUrl(ticketId, p.id));
  return (
    <Space wrap className="linli-m-photos" data-testid="ticket-photos">
      {urls.map((url, index) => (
        <Image key={url} src={url} width={72} height={72} fit="cover" lazy style={{ borderRadius: 6 }} onClick={() => ImageViewer.Multi.show({ images: urls, defaultIndex: index })} />
      ))}
    </Space>
  );
}
