"""Call-back requests ("inquiries") from the public form and partner API."""
