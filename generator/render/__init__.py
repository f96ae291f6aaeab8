"""Writing documents: one subpackage per format, each given finished values.

- ``docx/``: Word documents from docxtpl templates compiled in a sandbox
  (``template``), their colours and fonts written from the template's theme
  (``theme``), their tables finished from what the rows hold (``tables``,
  ``grid``), the document's language and hyphenation (``language``), its title,
  subject and language (``properties``) and the success plan's bilingual runs
  (``runs``).
- ``pptx/``: decks from the format-neutral description in :mod:`.deck`: the
  template's layouts (``template``, cached by ``template_cache``), content
  flowed onto slides (``flow``), slide markup (``drawingml``), native charts
  and their workbooks (``chart``, ``chart_workbook``), the package (``package``)
  and the writer that joins them (``writer``).
- ``pdf/``: LibreOffice conversion (``convert``) and page pictures with contact
  sheets (``preview``).
- ``ics/``: a client's calendar in its time zone (``calendar``) and a team's in
  UTC (``utc``).
- ``xlsx/`` and ``html/``: the portfolio's workbook and page.

Shared by several formats: :mod:`.package` (reading and writing zip packages),
:mod:`.measure` (text measured with the templates' font) and :mod:`.deck`.
Nothing here imports a document library until a format needs it.
"""
