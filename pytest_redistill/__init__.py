"""pytest plugin for redistill: fresh Redis-protocol servers, time travel, assertions."""
