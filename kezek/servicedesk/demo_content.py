"""Texts of the service-desk demo: the catalogue (MISSION.md §1), FAQ articles, request texts."""

from __future__ import annotations

from datetime import date
from typing import Any

# (group name, assignment rule)
GROUPS = [
    ("HR administration desk", "least_loaded"),
    ("Payroll desk", "skills"),
    ("Travel and documents desk", "round_robin"),
    ("HR cases (confidential)", "manual"),
]

# Kazakhstan public holidays of 2026 (days off; a holiday on a weekend moves to the next
# working day). Check against the government's decree on transfers of days off before use.
KZ_HOLIDAYS_2026 = [
    (date(2026, 1, 1), "New Year"),
    (date(2026, 1, 2), "New Year"),
    (date(2026, 1, 7), "Orthodox Christmas"),
    (date(2026, 3, 9), "International Women's Day (8 March, moved from Sunday)"),
    (date(2026, 3, 23), "Nauryz"),
    (date(2026, 3, 24), "Nauryz (moved from Saturday)"),
    (date(2026, 3, 25), "Nauryz (moved from Sunday)"),
    (date(2026, 5, 1), "Kazakhstan People's Unity Day"),
    (date(2026, 5, 7), "Defender of the Fatherland Day"),
    (date(2026, 5, 11), "Victory Day (9 May, moved from Saturday)"),
    (date(2026, 5, 27), "Kurban Ait"),
    (date(2026, 7, 6), "Capital Day"),
    (date(2026, 8, 31), "Constitution Day (30 August, moved from Sunday)"),
    (date(2026, 10, 26), "Republic Day (25 October, moved from Sunday)"),
    (date(2026, 12, 16), "Independence Day"),
]

# category: (name, ru name, [services])
# service: (code, name, ru name, description, group index, needs approval, confidential,
#           for managers, skill, first response min, resolution min, fields)
# field: (key, label, kind, required, choices)
CATALOGUE: list[tuple[str, str, list[tuple[Any, ...]]]] = [
    (
        "HR administration",
        "Кадровое администрирование",
        [
            (
                "certificate-of-employment",
                "Certificate of employment",
                "Справка с места работы",
                "A certificate confirming your position and salary, for a bank, visa or kindergarten.",
                0,
                False,
                False,
                False,
                "",
                60,
                960,
                [
                    (
                        "purpose",
                        "Where will you present it?",
                        "choice",
                        True,
                        "Bank\nEmbassy (visa)\nKindergarten or school\nOther",
                    ),
                    ("copies", "Number of copies", "number", True, ""),
                ],
            ),
            (
                "employment-record-copy",
                "Copy of the employment record",
                "Копия трудовой книжки",
                "A certified copy of your employment record or contract.",
                0,
                False,
                False,
                False,
                "",
                120,
                1440,
                [
                    (
                        "document",
                        "Which document?",
                        "choice",
                        True,
                        "Employment record\nEmployment contract\nOrder of appointment",
                    )
                ],
            ),
            (
                "personal-data-change",
                "Change of personal data",
                "Изменение персональных данных",
                "New surname, address, bank account or identity document.",
                0,
                False,
                False,
                False,
                "",
                120,
                1920,
                [
                    ("what", "What changed?", "text", True, ""),
                    ("proof", "Supporting document", "file", False, ""),
                ],
            ),
            (
                "vacation",
                "Annual leave",
                "Ежегодный отпуск",
                "Paid annual leave; your manager approves it.",
                0,
                True,
                False,
                False,
                "",
                120,
                960,
                [("period", "Leave period", "date_range", True, "")],
            ),
        ],
    ),
    (
        "Payroll and social payments",
        "Заработная плата и социальные выплаты",
        [
            (
                "payslip",
                "Payslip",
                "Расчётный лист",
                "Your payslip for a month, as a PDF.",
                1,
                False,
                False,
                False,
                "payroll",
                60,
                480,
                [("month", "Month", "date", True, "")],
            ),
            (
                "payroll-question",
                "Question about my pay",
                "Вопрос по зарплате",
                "Deductions, bonuses, overtime pay or a missing payment.",
                1,
                False,
                False,
                False,
                "payroll",
                120,
                1920,
                [("month", "Month concerned", "date", False, "")],
            ),
            (
                "social-payment",
                "Social payment (maternity, sick leave)",
                "Социальная выплата",
                "Register a sick-leave certificate or a maternity benefit.",
                1,
                False,
                False,
                False,
                "social",
                120,
                2400,
                [
                    ("certificate", "Certificate", "file", False, ""),
                    ("period", "Period", "date_range", True, ""),
                ],
            ),
        ],
    ),
    (
        "Business trips",
        "Командировки",
        [
            (
                "business-trip",
                "Business trip booking",
                "Оформление командировки",
                "Travel order, tickets and hotel; your manager approves it.",
                2,
                True,
                False,
                False,
                "",
                120,
                960,
                [
                    ("destination", "Destination", "text", True, ""),
                    ("dates", "Trip dates", "date_range", True, ""),
                    ("purpose", "Purpose", "text", True, ""),
                ],
            ),
            (
                "trip-report",
                "Business trip expense report",
                "Авансовый отчёт по командировке",
                "Submit receipts and the report after a trip.",
                2,
                False,
                False,
                False,
                "",
                240,
                2400,
                [("receipts", "Receipts (PDF)", "file", False, "")],
            ),
        ],
    ),
    (
        "Training and performance",
        "Обучение и оценка",
        [
            (
                "training-request",
                "Training request",
                "Заявка на обучение",
                "A course or certification; your manager approves it.",
                0,
                True,
                False,
                False,
                "",
                240,
                2400,
                [
                    ("course", "Course", "text", True, ""),
                    ("dates", "Dates", "date_range", False, ""),
                ],
            ),
            (
                "attestation",
                "Attestation of an employee",
                "Аттестация сотрудника",
                "Schedule the performance attestation of a team member.",
                0,
                False,
                False,
                True,
                "",
                240,
                4800,
                [("date", "Preferred date", "date", True, "")],
            ),
        ],
    ),
    (
        "Documents and contracts",
        "Документы и договоры",
        [
            (
                "contract-documents",
                "Contract and supply documents",
                "Договоры и документы поставки",
                "Registration of contracts, supply documents and warranty claims.",
                2,
                False,
                False,
                False,
                "",
                240,
                2400,
                [("counterparty", "Counterparty", "text", True, "")],
            ),
        ],
    ),
    (
        "Manager services",
        "Сервисы для руководителя",
        [
            (
                "attendance-correction",
                "Attendance correction",
                "Корректировка табеля",
                "Correct the time sheet of a team member.",
                0,
                False,
                False,
                True,
                "",
                60,
                480,
                [("day", "Day", "date", True, ""), ("hours", "Hours worked", "number", True, "")],
            ),
            (
                "staffing-change",
                "Staffing change",
                "Изменение штатного расписания",
                "Open, close or change a position in your department.",
                0,
                False,
                False,
                True,
                "",
                240,
                4800,
                [],
            ),
            (
                "recruitment",
                "Recruitment of a new employee",
                "Подбор нового сотрудника",
                "Start the recruitment administration for a vacancy.",
                0,
                False,
                False,
                True,
                "",
                240,
                4800,
                [("position", "Position", "text", True, "")],
            ),
        ],
    ),
    (
        "Confidential HR cases",
        "Конфиденциальные обращения",
        [
            (
                "confidential-case",
                "Confidential HR case",
                "Конфиденциальное обращение",
                "Harassment, discrimination or a conflict: seen only by the HR cases team.",
                3,
                False,
                True,
                False,
                "",
                120,
                2400,
                [],
            ),
        ],
    ),
]

# key: (category, en title, en body, ru title, ru body)
ARTICLES = [
    (
        "certificate-of-employment",
        "HR administration",
        "How do I get a certificate of employment?",
        "Order it in the catalogue under **HR administration → Certificate of employment**. "
        "Choose where you will present it; the SSC issues it within two working days with a "
        "signature and stamp. For a visa, ask for the English version in the details.",
        "Как получить справку с места работы?",
        "Закажите её в каталоге: **Кадровое администрирование → Справка с места работы**. "
        "Укажите, куда вы её представите; ЦОО выдаёт справку в течение двух рабочих дней с "
        "подписью и печатью. Для визы попросите английскую версию в комментарии.",
    ),
    (
        "payslip",
        "Payroll and social payments",
        "Where is my payslip?",
        "Payslips are published on the 5th working day of the month. If yours is missing, "
        "order **Payslip** in the catalogue and give the month.",
        "Где мой расчётный лист?",
        "Расчётные листы публикуются на 5-й рабочий день месяца. Если вашего нет, закажите "
        "**Расчётный лист** в каталоге и укажите месяц.",
    ),
    (
        "vacation-days",
        "HR administration",
        "How many vacation days do I have left?",
        "Annual paid leave is at least 24 calendar days (Labour Code of Kazakhstan). Your "
        "balance is on your payslip; a leave request goes to your manager for approval.",
        "Сколько дней отпуска у меня осталось?",
        "Ежегодный оплачиваемый отпуск — не менее 24 календарных дней (Трудовой кодекс РК). "
        "Остаток указан в расчётном листе; заявление на отпуск согласует руководитель.",
    ),
    (
        "business-trip",
        "Business trips",
        "How do I book a business trip?",
        "Send **Business trip booking** at least five working days ahead. After your manager "
        "approves, the SSC books tickets and a hotel and issues the travel order. Keep all "
        "receipts for the expense report.",
        "Как оформить командировку?",
        "Отправьте заявку **Оформление командировки** минимум за пять рабочих дней. После "
        "согласования руководителем ЦОО купит билеты, забронирует гостиницу и оформит приказ. "
        "Сохраняйте все чеки для авансового отчёта.",
    ),
    (
        "sick-leave",
        "Payroll and social payments",
        "What do I do with a sick-leave certificate?",
        "Upload the electronic sick-leave certificate in **Social payment** within three days "
        "of returning to work. The payment comes with the next salary.",
        "Что делать с больничным листом?",
        "Загрузите электронный лист временной нетрудоспособности в заявке **Социальная выплата** "
        "в течение трёх дней после выхода на работу. Пособие придёт вместе с зарплатой.",
    ),
    (
        "sla",
        "HR administration",
        "How fast does the SSC answer?",
        "Every service has a promise (SLA) in working hours: Monday to Friday, 09:00–18:00 "
        "Almaty time with a lunch break 13:00–14:00, without public holidays. The clock stops "
        "while the SSC waits for your answer.",
        "Как быстро отвечает ЦОО?",
        "У каждой услуги есть срок (SLA) в рабочих часах: понедельник–пятница, 09:00–18:00 по "
        "времени Алматы, обед 13:00–14:00, без праздничных дней. Пока ЦОО ждёт вашего ответа, "
        "отсчёт останавливается.",
    ),
]

# (service code, title, description, reply of the agent)
REQUEST_TEXTS = [
    (
        "certificate-of-employment",
        "Certificate of employment for the bank",
        "I am applying for a mortgage at Halyk Bank and need a certificate with my salary for the last 6 months.",
        "Your certificate is ready; collect it at reception on the 2nd floor or find the scan attached.",
    ),
    (
        "certificate-of-employment",
        "Certificate for the Schengen visa",
        "Please issue the certificate in English, the embassy appointment is next week.",
        "The English certificate is signed. We sent the scan; the original is at reception.",
    ),
    (
        "payslip",
        "Payslip for March",
        "I cannot find my March payslip in the portal.",
        "The March payslip is attached. It was delayed by the bonus recalculation.",
    ),
    (
        "payroll-question",
        "Overtime not paid",
        "I worked 12 hours of overtime on 14 February (inventory), it is not in my February pay.",
        "The overtime order reached us late; it will be paid with the March salary.",
    ),
    (
        "payroll-question",
        "Wrong tax deduction",
        "The individual income tax in January looks too high, I have a deduction for my mortgage.",
        "Please send the bank's certificate of interest paid so we can apply the deduction.",
    ),
    (
        "vacation",
        "Summer leave",
        "Two weeks of leave with my family in July.",
        "Your leave is registered; the order will be signed five days before it starts.",
    ),
    (
        "business-trip",
        "Trip to the Aktobe site",
        "Commissioning of the new crusher, 3 days.",
        "Tickets and the hotel are booked, the travel order is in your mailbox.",
    ),
    (
        "trip-report",
        "Expense report for the Astana trip",
        "Receipts for taxi and hotel attached.",
        "Thank you, the report is accepted; the refund comes with the next salary.",
    ),
    (
        "personal-data-change",
        "New surname after marriage",
        "My surname changed from Omarova to Sadykova.",
        "Your personal file and payroll records are updated.",
    ),
    (
        "social-payment",
        "Sick leave in February",
        "I was on sick leave from 10 to 17 February.",
        "The sick-leave certificate is registered; the benefit comes with the March salary.",
    ),
    (
        "employment-record-copy",
        "Copy of my employment contract",
        "Needed for the migration service.",
        "The certified copy is ready at reception.",
    ),
    (
        "training-request",
        "Excel for analysts course",
        "Two-day course by the Almaty training centre.",
        "You are enrolled; the invitation has the address and times.",
    ),
    (
        "contract-documents",
        "Supply contract registration",
        "Contract with TOO Kazsnab for safety gear.",
        "The contract is registered under number 2026/114.",
    ),
]

MANAGER_TEXTS = [
    (
        "attendance-correction",
        "Correct time sheet for 3 March",
        "The employee worked 8 hours, the sheet shows 0.",
        "The time sheet is corrected.",
    ),
    (
        "staffing-change",
        "New analyst position",
        "We need one more financial analyst from May.",
        "The staffing change was approved by HR and the position is open.",
    ),
    (
        "recruitment",
        "Hire an accountant",
        "Replacement for an accountant leaving in April.",
        "The vacancy is published; the first CVs will come next week.",
    ),
]
