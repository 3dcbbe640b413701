"""REST API for other government systems (审批信息数据交换), under /api/."""
