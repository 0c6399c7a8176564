"""主动公开: information items with their metadata, review before publication, 解读, and the public 目录."""
