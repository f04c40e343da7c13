"""Routers, one module per area; ``api.main`` includes every router listed here."""

from __future__ import annotations

from fastapi import APIRouter

from api.routes import frameworks, health, sparql, staff

routers: list[APIRouter] = [health.router, sparql.router, frameworks.router, staff.router]
