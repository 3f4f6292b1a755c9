/** The gateway's configuration, as the limits read it (provided by LimitsModule). */
export const GATEWAY_LIMITS_CONFIG = Symbol('GATEWAY_LIMITS_CONFIG');
