"""The sample "orders" service: API, queue worker, fulfillment workflow steps and a nightly sweep.

Handler entry points (module.function):
  services.orders.api.lambda_handler            API Gateway REST proxy
  services.orders.worker.lambda_handler         SQS event source (ReportBatchItemFailures)
  services.orders.fulfillment.reserve_stock     Step Functions task ReserveStock
  services.orders.fulfillment.charge_payment    Step Functions task ChargePayment
  services.orders.fulfillment.mark_fulfilled    Step Functions task MarkFulfilled
  services.orders.fulfillment.mark_failed       Step Functions task MarkFailed
  services.orders.nightly.lambda_handler        EventBridge schedule
"""
