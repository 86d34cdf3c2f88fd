/**
 * SQLite schema. Queryable fields are columns; the full record is kept as
 * JSON in `data` so adding a field needs no migration. CHECK constraints
 * make negative or over-reserved stock impossible even if a bug tried.
 */
export const SCHEMA_VERSION = 1;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS users (
  user_id TEXT PRIMARY KEY,
  openid TEXT UNIQUE,
  data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS products (
  product_id TEXT PRIMARY KEY,
  data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS skus (
  sku_id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL,
  category TEXT NOT NULL,
  search_text TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS skus_by_category ON skus (category, sku_id);
CREATE TABLE IF NOT EXISTS sku_barcodes (
  barcode TEXT PRIMARY KEY,
  sku_id TEXT NOT NULL,
  unit TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS stock (
  sku_id TEXT PRIMARY KEY,
  on_hand INTEGER NOT NULL CHECK (on_hand >= 0),
  reserved INTEGER NOT NULL CHECK (reserved >= 0),
  CHECK (reserved <= on_hand)
);
CREATE TABLE IF NOT EXISTS customers (
  customer_id TEXT PRIMARY KEY,
  salesperson_id TEXT,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS customers_by_salesperson
  ON customers (salesperson_id, customer_id);
CREATE TABLE IF NOT EXISTS customer_prices (
  customer_id TEXT NOT NULL,
  sku_id TEXT NOT NULL,
  unit TEXT NOT NULL,
  price_fen INTEGER NOT NULL CHECK (price_fen >= 0),
  PRIMARY KEY (customer_id, sku_id, unit)
);
CREATE TABLE IF NOT EXISTS receivables (
  receivable_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  order_id TEXT,
  amount_fen INTEGER NOT NULL,
  paid_fen INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS receivables_by_customer
  ON receivables (customer_id, due_at);
CREATE INDEX IF NOT EXISTS receivables_by_order ON receivables (order_id);
CREATE TABLE IF NOT EXISTS orders (
  order_id TEXT PRIMARY KEY,
  order_no TEXT NOT NULL UNIQUE,
  customer_id TEXT NOT NULL,
  status TEXT NOT NULL,
  placed_by TEXT NOT NULL,
  request_id TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  total_fen INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  data TEXT NOT NULL,
  UNIQUE (placed_by, request_id)
);
CREATE INDEX IF NOT EXISTS orders_by_created ON orders (created_at, order_id);
CREATE INDEX IF NOT EXISTS orders_by_customer
  ON orders (customer_id, created_at, order_id);
CREATE INDEX IF NOT EXISTS orders_by_status
  ON orders (status, created_at, order_id);
CREATE INDEX IF NOT EXISTS orders_open_by_customer
  ON orders (customer_id, status, total_fen);
CREATE TABLE IF NOT EXISTS order_lines (
  order_id TEXT NOT NULL,
  line_no INTEGER NOT NULL,
  sku_id TEXT NOT NULL,
  unit TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  base_quantity INTEGER NOT NULL,
  price_fen INTEGER NOT NULL,
  amount_fen INTEGER NOT NULL,
  PRIMARY KEY (order_id, line_no)
);
CREATE INDEX IF NOT EXISTS order_lines_by_sku ON order_lines (sku_id);
CREATE TABLE IF NOT EXISTS reservations (
  order_id TEXT NOT NULL,
  line_no INTEGER NOT NULL,
  sku_id TEXT NOT NULL,
  base_quantity INTEGER NOT NULL CHECK (base_quantity > 0),
  state TEXT NOT NULL CHECK (state IN ('active', 'released', 'consumed')),
  PRIMARY KEY (order_id, line_no)
);
CREATE INDEX IF NOT EXISTS reservations_by_sku ON reservations (sku_id, state);
CREATE TABLE IF NOT EXISTS audit_events (
  event_id TEXT PRIMARY KEY,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  action TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  at INTEGER NOT NULL,
  data TEXT
);
CREATE INDEX IF NOT EXISTS audit_by_entity
  ON audit_events (entity_type, entity_id, at, event_id);
CREATE TABLE IF NOT EXISTS counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
`;

/** Tables for notifications and alerts, created with the rest. */
export const NOTIFICATION_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS outbox (
  message_id TEXT PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
  next_attempt_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (status, next_attempt_at, created_at);
CREATE TABLE IF NOT EXISTS inbox (
  message_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS inbox_by_user ON inbox (user_id, at, message_id);
CREATE TABLE IF NOT EXISTS subscriptions (
  user_id TEXT NOT NULL,
  template TEXT NOT NULL,
  remaining INTEGER NOT NULL CHECK (remaining >= 0),
  PRIMARY KEY (user_id, template)
);
CREATE TABLE IF NOT EXISTS alerts (
  alert_id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_by_status ON alerts (status);
CREATE INDEX IF NOT EXISTS users_by_customer ON users (json_extract(data, '$.customerId'));
CREATE INDEX IF NOT EXISTS users_by_role ON users (json_extract(data, '$.role'));
`;
