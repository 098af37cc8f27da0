"""AWS service limits and security-control thresholds the config validators enforce.

One module so tests, docs and error messages cite the same numbers. Each constant says where it
comes from; where AWS documents a quota as adjustable, the constant is the default quota and the
config lets a stack raise it (e.g. ``account_concurrency_limit``).
"""

from __future__ import annotations

import re

# --- Lambda (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html) ---------------
LAMBDA_MIN_MEMORY_MB = 128
LAMBDA_MAX_MEMORY_MB = 10_240
LAMBDA_MIN_TIMEOUT_S = 1
LAMBDA_MAX_TIMEOUT_S = 900  # 15 minutes
LAMBDA_MIN_EPHEMERAL_STORAGE_MB = 512  # /tmp; 512 MB is also the free default
LAMBDA_MAX_EPHEMERAL_STORAGE_MB = 10_240
# Hard limit on a function's environment. Lambda measures the compact JSON of the variables map
# (its error message quotes the "String measured"), so keys, values and JSON punctuation all count.
LAMBDA_ENV_MAX_BYTES = 4_096
LAMBDA_ENV_KEY_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
# Keys the runtime sets itself; Lambda rejects a configuration that sets them.
LAMBDA_RESERVED_ENV_KEYS = frozenset(
    {
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "TZ",
    }
)
LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY = 1_000  # default regional quota; adjustable via Service Quotas
MIN_UNRESERVED_CONCURRENCY = 100  # Lambda refuses reservations that leave fewer unreserved
# Fixed for every function: Graviton is ~20% cheaper per GB-s, and one runtime keeps Lambda.2 simple.
LAMBDA_RUNTIME = "python3.12"
LAMBDA_ARCHITECTURE = "arm64"
LAMBDA_SUPPORTED_RUNTIMES = ("python3.12", "python3.13")  # Lambda.2: runtimes not deprecated

# --- API Gateway REST (https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html) -----
API_GATEWAY_MAX_INTEGRATION_TIMEOUT_S = 29  # default maximum integration timeout for REST APIs
API_GATEWAY_ACCOUNT_RATE_LIMIT = 10_000  # requests per second per account and region (default quota)
API_GATEWAY_ACCOUNT_BURST_LIMIT = 5_000
API_GATEWAY_HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY")
API_GATEWAY_STAGE_NAME_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,128}$")

# --- SQS and the Lambda SQS event source mapping ----------------------------------------------------
# Lambda docs: set the source queue's visibility timeout to at least six times the function timeout.
SQS_VISIBILITY_TIMEOUT_FACTOR = 6
SQS_MAX_VISIBILITY_TIMEOUT_S = 43_200  # 12 hours
SQS_MIN_MAX_RECEIVE_COUNT = 1  # redrive policy maxReceiveCount
SQS_MAX_MAX_RECEIVE_COUNT = 1_000
SQS_MIN_BATCH_SIZE = 1
SQS_MAX_BATCH_SIZE = 10_000  # standard queues, only with a batching window
SQS_MAX_BATCH_SIZE_WITHOUT_WINDOW = 10
SQS_MAX_BATCHING_WINDOW_S = 300
SQS_MIN_RETENTION_S = 60
SQS_MAX_RETENTION_S = 1_209_600  # 14 days
SQS_MIN_MAX_CONCURRENCY = 2  # event source mapping ScalingConfig.MaximumConcurrency
SQS_MAX_MAX_CONCURRENCY = 1_000

# --- EventBridge target retry policy (API RetryPolicy) ----------------------------------------------
EVENTBRIDGE_MAX_RETRY_ATTEMPTS = 185
EVENTBRIDGE_MIN_EVENT_AGE_S = 60
EVENTBRIDGE_MAX_EVENT_AGE_S = 86_400

# --- DynamoDB ---------------------------------------------------------------------------------------
DYNAMODB_MAX_KEY_ATTRIBUTE_NAME_BYTES = 255  # partition and sort key attribute names: 1-255 bytes
DYNAMODB_KEY_TYPES = ("S", "N", "B")  # key attributes must be scalar string, number or binary
DYNAMODB_MAX_GSIS = 20  # default quota per table
DYNAMODB_MAX_PROJECTED_ATTRIBUTES = 100  # non-key attributes projected, summed over a table's indexes
DYNAMODB_MIN_TARGET_UTILIZATION = 20  # Application Auto Scaling target tracking, percent
DYNAMODB_MAX_TARGET_UTILIZATION = 90

# --- CloudWatch -------------------------------------------------------------------------------------
CLOUDWATCH_LOG_RETENTION_DAYS = (
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
)
CLOUDWATCH_ALARM_SHORT_PERIODS_S = (10, 30)  # otherwise a multiple of 60

# --- Step Functions ---------------------------------------------------------------------------------
STEP_FUNCTIONS_MAX_STATE_NAME = 80

# --- Cognito ----------------------------------------------------------------------------------------
COGNITO_MIN_PASSWORD_LENGTH = 6  # what the API accepts
COGNITO_MAX_PASSWORD_LENGTH = 99
FSBP_MIN_PASSWORD_LENGTH = 8  # Cognito.3 default parameter
FSBP_MAX_TEMPORARY_PASSWORD_DAYS = 7  # Cognito.3 default parameter
COGNITO_MIN_TEMPORARY_PASSWORD_DAYS = 1
COGNITO_MIN_TOKEN_MINUTES = 5  # access and ID tokens: 5 minutes to 1 day
COGNITO_MAX_TOKEN_MINUTES = 1_440
COGNITO_MIN_REFRESH_TOKEN_HOURS = 1  # refresh tokens: 60 minutes to 10 years
COGNITO_MAX_REFRESH_TOKEN_HOURS = 87_600
COGNITO_DOMAIN_PREFIX_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
COGNITO_RESERVED_DOMAIN_WORDS = ("aws", "amazon", "cognito")  # Cognito rejects prefixes containing these
COGNITO_MAX_CALLBACK_URLS = 100
COGNITO_STANDARD_SCOPES = ("openid", "email", "phone", "profile", "aws.cognito.signin.user.admin")

# --- Exemptions -------------------------------------------------------------------------------------
MIN_EXEMPTION_REASON_CHARS = 20  # a sentence, not "n/a": auditors read these

# Powertools for AWS Lambda (Python) v3 as the public layer AWS publishes (account 017000801446); the handlers'
# dependencies (Powertools, aws-xray-sdk) come from it, boto3 from the runtime. Version 27 is the one the
# Powertools docs listed (aws-powertools/powertools-lambda-python PR #7757); not checked against 3.37.0 here.
POWERTOOLS_LAYER_ACCOUNT = "017000801446"
POWERTOOLS_LAYER_VERSION = 27


def powertools_layer_arn(partition: str, region: str, runtime: str = LAMBDA_RUNTIME, architecture: str = LAMBDA_ARCHITECTURE) -> str:
    python = runtime.replace(".", "")
    return (f"arn:{partition}:lambda:{region}:{POWERTOOLS_LAYER_ACCOUNT}:layer:"
            f"AWSLambdaPowertoolsPythonV3-{python}-{architecture}:{POWERTOOLS_LAYER_VERSION}")
