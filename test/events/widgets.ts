// A small model carrying the outbox, standing for any feature's documents.
import { Schema, type Connection, type Model } from 'mongoose';
import { outboxPlugin } from '../../src/events/outbox.js';

export interface WidgetDoc {
  _id: string;
  state: string;
  removedAt?: Date | null;
}

const widgetSchema = new Schema<WidgetDoc>(
  { _id: { type: String, required: true }, state: { type: String, required: true }, removedAt: { type: Date, default: null } },
  { versionKey: false, collection: 'widgets' },
);
widgetSchema.plugin(outboxPlugin);

export function widgetModel(conn: Connection): Model<WidgetDoc> {
  return conn.models.Widget ?? conn.model<WidgetDoc>('Widget', widgetSchema);
}
