"""The commitment stage: agreements, intentions, proposals and invitations a document reports."""
