"""Business rules as plain functions, called by resolvers and tested without HTTP."""
