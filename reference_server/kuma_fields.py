"""The keys of an Uptime Kuma monitor on the wire, by version, with defaults.

`server/model/monitor.js` `toJSON(preloadData, includeSensitiveData = true)`
builds a monitor as `monitorList` and `updateMonitorIntoList` carry it; the
socket always gets the sensitive part (credentials, headers, connection
strings...). The values below are a fresh HTTP monitor's, this server's own
choice; the keys are Uptime Kuma's. Keys the server computes (`id`, `name`,
`path`, `pathName`, `parent`, `childrenIDs`, `active`, `forceInactive`,
`type`, `tags`, `maintenance`, `url`) are not listed here.
"""

from __future__ import annotations

from typing import Any

_COMMON: dict[str, Any] = {
    "description": None,
    "method": "GET",
    "hostname": None,
    "port": None,
    "maxretries": 0,
    "weight": 2000,
    "timeout": 48,
    "interval": 60,
    "retryInterval": 60,
    "resendInterval": 0,
    "keyword": None,
    "invertKeyword": False,
    "expiryNotification": False,
    "ignoreTls": False,
    "upsideDown": False,
    "packetSize": 56,
    "maxredirects": 10,
    "accepted_statuscodes": ["200-299"],
    "dns_resolve_type": "A",
    "dns_resolve_server": "1.1.1.1",
    "dns_last_result": None,
    "docker_container": None,
    "docker_host": None,
    "proxyId": None,
    "notificationIDList": {},
    "mqttTopic": "",
    "mqttSuccessMessage": "",
    "databaseQuery": None,
    "authMethod": None,
    "grpcUrl": None,
    "grpcProtobuf": None,
    "grpcMethod": None,
    "grpcServiceName": None,
    "grpcEnableTls": False,
    "radiusCalledStationId": None,
    "radiusCallingStationId": None,
    "game": None,
    "gamedigGivenPortOnly": True,
    "httpBodyEncoding": "json",
    "jsonPath": None,
    "expectedValue": None,
    "kafkaProducerTopic": None,
    "kafkaProducerBrokers": [],
    "kafkaProducerSsl": False,
    "kafkaProducerAllowAutoTopicCreation": False,
    "kafkaProducerMessage": None,
    "screenshot": None,
}

# Added by 2.x's toJSON.
_PUBLIC_2: dict[str, Any] = {
    "wsIgnoreSecWebsocketAcceptHeader": False,
    "wsSubprotocol": None,
    "location": None,
    "protocol": None,
    "subtype": None,
    "retryOnlyOnStatusCodeFailure": False,
    "domainExpiryNotification": False,
    "mqttCheckType": "keyword",
    "system_service_name": None,
    "cacheBust": False,
    "remote_browser": None,
    "screenshot_delay": 0,
    "snmpOid": None,
    "jsonPathOperator": "==",
    "snmpVersion": "2c",
    "smtpSecurity": None,
    "rabbitmqNodes": [],
    "conditions": [],
    "ntpStratumThreshold": None,
    "ntpTimeOffsetThreshold": None,
    "ntpRootDispersionThreshold": None,
    "ipFamily": None,
    "expectedTlsAlert": "none",
    "ping_numeric": True,
    "ping_count": 1,
    "ping_per_request_timeout": 2,
    "saveResponse": False,
    "saveErrorResponse": True,
    "responseMaxLength": 1024,
}

# The sensitive part: every socket that logged in gets these.
_SECRETS_COMMON: dict[str, Any] = {
    "headers": None,
    "body": None,
    "grpcBody": None,
    "grpcMetadata": None,
    "basic_auth_user": None,
    "basic_auth_pass": None,
    "oauth_client_id": None,
    "oauth_client_secret": None,
    "oauth_token_url": None,
    "oauth_scopes": None,
    "oauth_auth_method": "client_secret_basic",
    "pushToken": None,
    "databaseConnectionString": None,
    "radiusUsername": None,
    "radiusPassword": None,
    "radiusSecret": None,
    "mqttUsername": "",
    "mqttPassword": "",
    "authWorkstation": None,
    "authDomain": None,
    "tlsCa": None,
    "tlsCert": None,
    "tlsKey": None,
    "kafkaProducerSaslOptions": {"mechanism": "None"},
}

_SECRETS_2: dict[str, Any] = {
    "oauth_audience": None,
    "bearer_token": None,
    "gamedigToken": None,
    "mqttWebsocketPath": None,
    "rabbitmqUsername": None,
    "rabbitmqPassword": None,
}

DEFAULTS: dict[str, dict[str, Any]] = {
    "2": {**_COMMON, **_PUBLIC_2, **_SECRETS_COMMON, **_SECRETS_2},
    "1.23": {**_COMMON, **_SECRETS_COMMON},
}

# What Uptime Kuma leaves out when `includeSensitiveData` is false: the keys
# that carry credentials, in any version.
SENSITIVE_KEYS = frozenset(_SECRETS_COMMON) | frozenset(_SECRETS_2)
