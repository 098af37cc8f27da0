"""Cognito rules: passing, failing (exact messages) and not-applicable fixtures."""

from __future__ import annotations

from .records import (
    COGNITO_TRUST,
    IDENTITY_POOL,
    INFERRED,
    ITEMS,
    LAMBDA_TRUST,
    LEADING,
    NONPROD,
    PROD,
    ROLE_POLICY,
    STRONG_PASSWORDS,
    SUB,
    USER_POOL,
    Case,
    StackCase,
    doc,
    provider_rec,
    rec,
    role_rec,
)

RESOURCE_CASES = [
    Case("cognito-password-policy",
         passes=[rec(USER_POOL, "users", {"passwordPolicy": STRONG_PASSWORDS})],
         fails=[(rec(USER_POOL, "users", {"passwordPolicy": {**STRONG_PASSWORDS, "minimumLength": 6,
                                                              "requireSymbols": False,
                                                              "temporaryPasswordValidityDays": 30}}),
                 ["Cognito.3: passwordPolicy.minimumLength is 6; it must be at least 8",
                  "Cognito.3: passwordPolicy.requireSymbols is not true; it must be true",
                  "Cognito.3: passwordPolicy.temporaryPasswordValidityDays is 30; it must be at most 7"]),
                (rec(USER_POOL, "bare", {}),
                 ["Cognito.3: the user pool sets no passwordPolicy; set minimumLength of at least 8, the four "
                  "require flags and temporaryPasswordValidityDays of at most 7"])],
         not_applicable=[rec(IDENTITY_POOL, "ids", {})]),
    Case("cognito-threat-protection",
         passes=[rec(USER_POOL, "users", {"userPoolAddOns": {"advancedSecurityMode": "ENFORCED"}})],
         fails=[(rec(USER_POOL, "users", {"userPoolAddOns": {"advancedSecurityMode": "AUDIT"}}),
                 ["Cognito.1: userPoolAddOns.advancedSecurityMode is AUDIT; it must be ENFORCED"]),
                (rec(USER_POOL, "bare", {}),
                 ["Cognito.1: userPoolAddOns.advancedSecurityMode is not set; it must be ENFORCED"])],
         not_applicable=[rec(IDENTITY_POOL, "ids", {})]),
    Case("cognito-custom-auth-threat-protection",
         passes=[rec(USER_POOL, "custom", {"lambdaConfig": {"defineAuthChallenge": "arn:aws:lambda:x:define"},
                                           "userPoolAddOns": {"advancedSecurityMode": "ENFORCED",
                                                              "advancedSecurityAdditionalFlows": {
                                                                  "customAuthMode": "ENFORCED"}}})],
         fails=[(rec(USER_POOL, "custom", {"lambdaConfig": {"verifyAuthChallengeResponse": "arn:aws:lambda:x:verify"},
                                           "userPoolAddOns": {"advancedSecurityMode": "ENFORCED"}}),
                 ["Cognito.4: the user pool uses custom authentication but "
                  "userPoolAddOns.advancedSecurityAdditionalFlows.customAuthMode is not set; it must be ENFORCED"]),
                (rec(USER_POOL, "audit", {"lambdaConfig": {"createAuthChallenge": "arn:aws:lambda:x:create"},
                                          "userPoolAddOns": {"advancedSecurityMode": "ENFORCED",
                                                             "advancedSecurityAdditionalFlows": {
                                                                 "customAuthMode": "AUDIT"}}}),
                 ["Cognito.4: the user pool uses custom authentication but "
                  "userPoolAddOns.advancedSecurityAdditionalFlows.customAuthMode is AUDIT; it must be ENFORCED"])],
         # No custom auth triggers (password sign-in only; other triggers don't count): Cognito.4 does not apply.
         not_applicable=[rec(USER_POOL, "password-only", {"lambdaConfig": {"preSignUp": "arn:aws:lambda:x:pre"}}),
                         rec(IDENTITY_POOL, "ids", {})]),
    Case("cognito-mfa",
         passes=[rec(USER_POOL, "users", {"mfaConfiguration": "ON"}),
                 rec(USER_POOL, "users2", {"mfaConfiguration": "OPTIONAL"})],
         fails=[(rec(USER_POOL, "bare", {}), ["Cognito.5: mfaConfiguration is OFF; it must be ON or OPTIONAL"])],
         not_applicable=[rec(IDENTITY_POOL, "ids", {"mfaConfiguration": "OFF"})]),
    Case("cognito-identity-pool-authenticated-only",
         passes=[rec(IDENTITY_POOL, "ids", {"allowUnauthenticatedIdentities": False}), rec(IDENTITY_POOL, "ids2")],
         fails=[(rec(IDENTITY_POOL, "ids", {"allowUnauthenticatedIdentities": True}),
                 ["Cognito.2: the identity pool allows unauthenticated identities; "
                  "set allowUnauthenticatedIdentities to false"])],
         not_applicable=[rec(USER_POOL, "users", {"allowUnauthenticatedIdentities": True})]),
]

STACK_CASES = [
    StackCase("cognito-deletion-protection",
              passes=[([rec(USER_POOL, "users", {"deletionProtection": "ACTIVE"})], PROD)],
              fails=[([rec(USER_POOL, "users", {"deletionProtection": "INACTIVE"})], PROD,
                      [(rec(USER_POOL, "users")["urn"], "Cognito.6: the production user pool users sets "
                                                        "deletionProtection to INACTIVE; it must be ACTIVE")]),
                     ([provider_rec("prod"), rec(USER_POOL, "users", {})], INFERRED,
                      [(rec(USER_POOL, "users")["urn"], "Cognito.6: the production user pool users sets "
                                                        "deletionProtection to nothing; it must be ACTIVE")])],
              not_applicable=[([rec(USER_POOL, "users", {"deletionProtection": "INACTIVE"})], NONPROD),
                              ([provider_rec("staging"), rec(USER_POOL, "users", {})], INFERRED)]),
    StackCase("cognito-identity-role-leading-keys",
              passes=[([role_rec("app-auth", COGNITO_TRUST),
                        rec(ROLE_POLICY, "app-auth-items", {"role": "app-auth-1234567", "policy": doc(LEADING)})],
                       NONPROD),
                      ([role_rec("named", COGNITO_TRUST, role_name="app-named"),
                        rec(ROLE_POLICY, "named-items", {"role": "app-named", "policy": doc(
                            LEADING, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"})})], NONPROD),
                      # landfall's own: the user pool `sub` claim, mapped to a session tag by the identity pool
                      ([role_rec("tagged", COGNITO_TRUST),
                        rec(ROLE_POLICY, "tagged-items", {"role": "tagged-1234567", "policy": doc(
                            {**LEADING, "Condition": {"ForAllValues:StringEquals": {
                                "dynamodb:LeadingKeys": ["${aws:PrincipalTag/sub}"]}}})})], NONPROD)],
              fails=[([role_rec("app-auth", COGNITO_TRUST),
                       rec(ROLE_POLICY, "app-auth-items", {"role": "app-auth-1234567", "policy": doc(ITEMS)})], NONPROD,
                      [(rec(ROLE_POLICY, "app-auth-items")["urn"],
                        'LF.COG.1: statement "Items" grants DynamoDB actions to the identity-pool role app-auth '
                        f"without a dynamodb:LeadingKeys condition on the caller ({SUB} or a ${{aws:PrincipalTag/...}} claim)")]),
                     ([role_rec("named", COGNITO_TRUST, role_name="app-named"),
                       rec(ROLE_POLICY, "named-items", {"role": "app-named", "policy": doc(
                           {**LEADING, "Condition": {"ForAllValues:StringEquals": {
                               "dynamodb:LeadingKeys": ["${aws:username}"]}}})})], NONPROD,
                      [(rec(ROLE_POLICY, "named-items")["urn"],
                        'LF.COG.1: statement "Items" grants DynamoDB actions to the identity-pool role named '
                        f"without a dynamodb:LeadingKeys condition on the caller ({SUB} or a ${{aws:PrincipalTag/...}} claim)")])],
              not_applicable=[([role_rec("fn", LAMBDA_TRUST),
                                rec(ROLE_POLICY, "fn-items", {"role": "fn-1234567", "policy": doc(ITEMS)})],
                               NONPROD)]),
]
