-- Agents who keep following a ticket after it left their hands (an escalation keeps the previous agent
-- on it): they see it under "Mine" and hear when the requester answers. Owned by src/lib/tickets/workflow.ts.
CREATE TABLE ticket_followers (
  ticket_id INTEGER NOT NULL REFERENCES tickets (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  since TEXT NOT NULL,
  PRIMARY KEY (ticket_id, user_id)
) STRICT;
CREATE INDEX ticket_followers_user ON ticket_followers (user_id, ticket_id);
