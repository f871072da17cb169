"""The form renderer: Django's own, with the common widgets and a field's label, help and
errors written in Python.

Django renders each widget, and each option of a select or a list of checkboxes, through a
template and an include of its attributes; a form with a select of fifty options is then some
hundred template renders. The widgets below (inputs, text areas, selects, checkboxes and radio
buttons) produce exactly the HTML of Django's templates (tested against them); any other
template, and any option whose template is not Django's own, is rendered by the templates."""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

W = "django/forms/widgets/"
INPUTS = {W + f"{kind}.html" for kind in ("input", "text", "email", "number", "date", "datetime", "time", "password",
                                          "hidden", "url", "tel", "search", "checkbox", "color", "file")}
SELECTS = {W + "select.html"}
MULTIPLE = {W + "checkbox_select.html", W + "radio.html", W + "multiple_input.html"}
INPUT_OPTIONS = {W + "checkbox_option.html", W + "radio_option.html", W + "input_option.html"}


def _attrs(attrs) -> str:
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        name = conditional_escape(name)
        out.append(f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"')
    return "".join(out)


def _input(widget) -> str:
    value = "" if widget["value"] is None else f' value="{conditional_escape(str(widget["value"]))}"'
    return (f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"{value}'
            f'{_attrs(widget["attrs"])}>')


def _input_option(option) -> str:
    # Each template Django includes here ends in a newline, which stays in the output.
    html = _input(option) + "\n"
    if option.get("wrap_label"):
        for_id = f' for="{conditional_escape(option["attrs"]["id"])}"' if option["attrs"].get("id") else ""
        html = f"<label{for_id}>{html} {conditional_escape(option['label'])}</label>"
    return html + ("\n" if option["template_name"] == W + "input_option.html" else "\n\n")


def _select(widget) -> str | None:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f'\n  <optgroup label="{conditional_escape(group)}">')
        for option in options:
            if option["template_name"] != W + "select_option.html":
                return None
            parts.append(f'\n  <option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
                         f'{conditional_escape(option["label"])}</option>\n')
        if group:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _multiple(widget) -> str | None:
    element_id, css = widget["attrs"].get("id"), widget["attrs"].get("class")
    parts = ["<div", f' id="{conditional_escape(element_id)}"' if element_id else "",
             f' class="{conditional_escape(css)}"' if css else "", ">"]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{conditional_escape(group)}</label>")
        for option in options:
            if option["template_name"] not in INPUT_OPTIONS:
                return None
            parts.append(f"<div>\n    {_input_option(option)}</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


def _textarea(widget) -> str:
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _field(field) -> str:
    """django/forms/field.html: the label (or legend), help, errors and widget."""
    if field.use_fieldset:
        described = field.aria_describedby
        described = f' aria-describedby="{conditional_escape(described)}"' if described else ""
        html = f"\n  <fieldset{described}>\n  {field.legend_tag() if field.label else ''}\n"
    else:
        html = f"\n  {field.label_tag() if field.label else ''}\n"
    if field.help_text:
        helptext_id = f' id="{conditional_escape(field.auto_id)}_helptext"' if field.auto_id else ""
        html += f'\n<div class="helptext"{helptext_id}>{field.help_text}</div>\n'
    else:
        html += "\n\n"
    html += f"{field.errors}\n{field}{'</fieldset>' if field.use_fieldset else ''}\n"
    return html.strip()


def _label(context) -> str:
    """django/forms/label.html."""
    label = conditional_escape(context["label"])
    if not context["use_tag"]:
        return label
    tag = conditional_escape(context["tag"])
    return f"<{tag}{_attrs(context['attrs'] or {})}>{label}</{tag}>"


def _errors(context) -> str:
    """django/forms/errors/list/default.html and ul.html."""
    errors = context["errors"]
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    element_id = f' id="{conditional_escape(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{conditional_escape(error)}</li>" for error in errors)
    return f'<ul class="{conditional_escape(context["error_class"])}"{element_id}>{items}</ul>'


FORM_PARTS = {"django/forms/field.html": lambda context: _field(context["field"]), "django/forms/label.html": _label,
              "django/forms/errors/list/default.html": _errors, "django/forms/errors/list/ul.html": _errors}


class Renderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        html = None
        if template_name in FORM_PARTS and (template_name != "django/forms/field.html" or "field" in context):
            html = FORM_PARTS[template_name](context)
        elif widget is not None and widget.get("template_name") == template_name:
            if template_name in INPUTS:
                html = _input(widget)
            elif template_name in SELECTS:
                html = _select(widget)
            elif template_name in MULTIPLE:
                html = _multiple(widget)
            elif template_name == W + "textarea.html":
                html = _textarea(widget)
        return mark_safe(html) if html is not None else super().render(template_name, context, request)
