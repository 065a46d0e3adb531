"""``egide serve`` — the service that alone owns the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from egide.cli.context import BarProgress, JsonOpt, console, emit_json, state
from egide.i18n import t
from egide.settings import load_service_settings


def register(cli: typer.Typer) -> None:
    cli.command("serve")(serve)


def serve(
    ctx: typer.Context,
    config: Annotated[
        Path | None,
        typer.Option("--config", help="Configuration du service (défaut /etc/egide/egide.toml)."),
    ] = None,
    demo: Annotated[
        bool,
        typer.Option("--demo", help="Démonstration sur le bouclage : scénario ALBÂTRE, PKI de "
                     "développement, magasin chiffré, identifiants affichés."),
    ] = False,
    demo_dir: Annotated[
        Path, typer.Option("--demo-dir", help="Dossier de la démonstration.")
    ] = Path(".egide-service"),
    port: Annotated[int | None, typer.Option("--port", min=0, max=65535)] = None,
    as_json: JsonOpt = False,
) -> None:
    """Servir le magasin : API HTTPS (certificat client, mot de passe, jeton)."""
    from egide.service.server import serve as run

    st = state(ctx)
    if demo:
        from egide.service.demo import prepare

        settings, logins = prepare(
            st.load(), demo_dir.resolve(), port or 8443, BarProgress(st.lang, not as_json)
        )
        url = f"https://127.0.0.1:{settings.service.port}"
        if as_json:
            emit_json({"url": url, "logins": [x.to_dict() for x in logins],
                       "ca": str(settings.service.client_ca)})
        else:
            out = console()
            out.print(t("Service de démonstration : {url} (autorité de certification : {ca}). "
                        "Identifiants (utilisateur, habilitation, rôles, mot de passe, "
                        "certificat) :", st.lang, url=url, ca=settings.service.client_ca),
                      markup=False)
            for x in logins:
                out.print(f"  {x.user:<18} {x.clearance:<3} {','.join(x.roles):<28} "
                          f"{x.password}   {x.cert}", markup=False)
    else:
        overrides = {"service": {"port": port}} if port is not None else {}
        settings = load_service_settings(config or st.config, **overrides)
        if not as_json:
            console().print(
                t(
                    "Service Égide sur https://{host}:{port}",
                    st.lang,
                    host=settings.service.host,
                    port=settings.service.port,
                ),
                markup=False,
            )
    run(settings)
