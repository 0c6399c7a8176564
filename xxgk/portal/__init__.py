"""The public portal: 政府信息公开 navigation, 指南 pages, applicant accounts."""
