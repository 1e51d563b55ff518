// The network check's answer at the very top of every confidential screen: a red warning
// while the computer is networked, an orange notice when the check could not tell.
import type { NetworkState } from "../bindings/NetworkState";
import { t } from "../i18n";

export function NetworkBanner({ network }: { network: NetworkState }) {
  if (network.kind === "connected") {
    const names = network.interfaces.join(", ");
    return (
      <div className="secret-network secret-network--connected" role="alert" data-testid="network-alert">
        {names ? t("secret.network.connected", { interfaces: names }) : t("secret.network.connectedUnnamed")}
      </div>
    );
  }
  if (network.kind === "unknown") {
    return (
      <div className="secret-network secret-network--unknown" role="status" data-testid="network-unknown">
        {t("secret.network.unknown", { reason: network.reason })}
      </div>
    );
  }
  return null;
}

/** The status bar's short word for the network state. */
export function NetworkStatus({ network }: { network: NetworkState }) {
  switch (network.kind) {
    case "offline":
      return <span className="secret-net-status secret-net-status--offline">{t("secret.network.offline")}</span>;
    case "connected":
      return <span className="secret-net-status secret-net-status--connected">{t("secret.network.statusConnected")}</span>;
    case "unknown":
      return <span className="secret-net-status secret-net-status--unknown">{t("secret.network.statusUnknown")}</span>;
  }
}
