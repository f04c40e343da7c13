"""The CASE 1.1 provider (1EdTech REST binding): its objects and its ``imsx_StatusInfo``
errors. The objects follow the official CASE 1.1 JSON schema; the models name the keys a
client relies on (``sourcedId``, ``identifier``, ``uri``) and pass every other key through."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import Record


class ImsxCodeMinorField(BaseModel):
    """One ``imsx_codeMinorField``."""

    imsx_codeMinorFieldName: str
    imsx_codeMinorFieldValue: str


class ImsxCodeMinor(BaseModel):
    """The ``imsx_codeMinor`` block."""

    imsx_codeMinorField: list[ImsxCodeMinorField]


class ImsxStatusInfo(BaseModel):
    """A CASE provider error (``application/json``)."""

    imsx_codeMajor: str
    imsx_severity: str
    imsx_description: str | None = None
    imsx_codeMinor: ImsxCodeMinor | None = None


class CaseObjectPublic(Record):
    """A CASE object (CFDocument, CFItem, CFAssociation, …)."""

    model_config = ConfigDict(extra="allow")

    identifier: str | None = None
    uri: str | None = None


class CFDocumentListPublic(BaseModel):
    """``getAllCFDocuments``: one page; the total is in ``X-Total-Count``."""

    CFDocuments: list[CaseObjectPublic]


class CFPackagePublic(Record):
    """A whole framework: ``CFDocument``, ``CFItems``, ``CFAssociations``, ``CFDefinitions``,
    ``CFRubrics``."""

    CFDocument: CaseObjectPublic
    CFItems: list[CaseObjectPublic] = Field(default_factory=list)
    CFAssociations: list[CaseObjectPublic] = Field(default_factory=list)


class CFItemAssociationsPublic(Record):
    """``getCFItemAssociations``: the item and every association it is an end of."""

    CFItem: CaseObjectPublic
    CFAssociations: list[CaseObjectPublic] = Field(default_factory=list)
