import subprocess
import tempfile

from django.template import Context, Template

INVOICE = Template("""<!doctype html>
<html>
<head><meta charset="utf-8"><title>Invoice #{{ order.pk }}</title></head>
<body>
  <h1>Invoice #{{ order.pk }}</h1>
  <p>{{ order.created_at|date:"d/m/Y" }} &middot; {{ order.email }}</p>
  <table>
    {% for line in order.lines.all %}
    <tr><td>{{ line.product.name }}</td><td>{{ line.quantity }}</td><td>{{ line.unit_price }} &euro;</td></tr>
    {% endfor %}
  </table>
  <p><strong>Total: {{ order.total }} &euro;</strong></p>
</body>
</html>
""")


def render_invoice_pdf(order):
    html = INVOICE.render(Context({'order': order}))
    with tempfile.NamedTemporaryFile(suffix='.html', mode='w') as source, \
            tempfile.NamedTemporaryFile(suffix='.pdf') as target:
        source.write(html)
        source.flush()
        subprocess.run(['wkhtmltopdf', '--quiet', source.name, target.name], check=True)
        return target.read()
