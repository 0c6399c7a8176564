"""依申请公开: applications for disclosure — intake, handling, letters, fees, deadlines, 复议/诉讼."""
