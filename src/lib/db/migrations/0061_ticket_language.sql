-- The language the requester wrote in (owned by src/lib/tickets/tickets.ts): their portal language when
-- filed on the web, detected from the text for mail, the API and tickets agents log. Promotion writes the
-- FAQ draft in it. NULL for tickets filed before this column: promotion detects it from the text then.
ALTER TABLE tickets ADD COLUMN language TEXT CHECK (language IN ('en', 'de', 'it'));
